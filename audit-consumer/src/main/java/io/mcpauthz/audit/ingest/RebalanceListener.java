package io.mcpauthz.audit.ingest;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Settles the batch in flight before partitions change hands, and marks the consumer ready once
 * the group has assigned it partitions. Revoked: the batch's write is awaited and its offsets
 * committed while this consumer still owns them. Lost (the group moved on without us): the
 * write is awaited and nothing committed; whoever owns the partitions now reads them again.
 */
final class RebalanceListener implements ConsumerRebalanceListener {

  private static final Logger LOGGER = Logger.getLogger(RebalanceListener.class);

  private final ConsumerStatus status;
  private final Consumer<?, ?> kafka;
  private final WriterThread writes;

  RebalanceListener(ConsumerStatus status, Consumer<?, ?> kafka, WriterThread writes) {
    this.status = status;
    this.kafka = kafka;
    this.writes = writes;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    status.assigned(partitions.size());
    LOGGER.infof("partitions assigned count=%d partitions=%s", partitions.size(), partitions);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    LOGGER.debugf("partitions revoked count=%d", partitions.size());
    try {
      WriterThread.commit(kafka, writes.finish());
    } catch (Exception e) {
      // Thrown out of poll(): the consumer is rebuilt and reads the batch again. No cause
      // attached, since a store error's text may quote a value from an event.
      throw new IllegalStateException("batch in flight failed on revocation: " + RecordIndexer.describe(e));
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    LOGGER.infof("partitions lost count=%d", partitions.size());
    writes.abandon();
  }
}
