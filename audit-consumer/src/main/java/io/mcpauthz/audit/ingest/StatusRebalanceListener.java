package io.mcpauthz.audit.ingest;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** Marks the consumer ready once the group has assigned it partitions. */
final class StatusRebalanceListener implements ConsumerRebalanceListener {

  private static final Logger LOGGER = Logger.getLogger(StatusRebalanceListener.class);

  private final ConsumerStatus status;

  StatusRebalanceListener(ConsumerStatus status) {
    this.status = status;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    status.assigned(partitions.size());
    LOGGER.infof("partitions assigned count=%d partitions=%s", partitions.size(), partitions);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    // Nothing to flush: offsets are committed right after each stored batch.
    LOGGER.debugf("partitions revoked count=%d", partitions.size());
  }
}
