package io.mcpauthz.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batch in flight when partitions change hands: committed on revocation, dropped when lost. */
class RebalanceListenerTest {

  private static final TopicPartition PARTITION = new TopicPartition("decisions", 0);

  private final MockConsumer<byte[], byte[]> kafka = new MockConsumer<>("earliest");
  private final StubIndexer indexer = new StubIndexer();
  private final WriterThread writes = new WriterThread(indexer);
  private final ConsumerStatus status = new ConsumerStatus();
  private final RebalanceListener listener = new RebalanceListener(status, kafka, writes);

  @BeforeEach
  void assign() {
    kafka.assign(List.of(PARTITION));
  }

  @AfterEach
  void close() {
    indexer.release.countDown();
    writes.close();
  }

  @Test
  void shouldStoreAndCommitTheBatchInFlightBeforePartitionsAreRevoked() {
    writes.submit(WriterThreadTest.batch(42));
    indexer.release.countDown();
    listener.onPartitionsRevoked(List.of(PARTITION));

    assertThat(indexer.stored).hasSize(1);
    assertThat(kafka.committed(Set.of(PARTITION))).containsEntry(PARTITION, new OffsetAndMetadata(42));
    assertThat(writes.busy()).isFalse();
  }

  @Test
  void shouldCommitNothingWhenTheWriteFailed() {
    indexer.failure = new SQLException("value 'secret-value' out of range", "22008");
    indexer.release.countDown();
    writes.submit(WriterThreadTest.batch(42));

    assertThatThrownBy(() -> listener.onPartitionsRevoked(List.of(PARTITION)))
        .hasMessageContaining("sql_state=22008").hasMessageNotContaining("secret-value").hasNoCause();
    assertThat(kafka.committed(Set.of(PARTITION))).isEmpty();
  }

  @Test
  void shouldAwaitButNotCommitTheBatchInFlightWhenPartitionsAreLost() {
    writes.submit(WriterThreadTest.batch(42));
    indexer.release.countDown();
    listener.onPartitionsLost(List.of(PARTITION));

    assertThat(indexer.stored).hasSize(1);
    assertThat(kafka.committed(Set.of(PARTITION))).isEmpty();
    assertThat(writes.busy()).isFalse();
  }

  @Test
  void shouldReportReadyOnAssignment() {
    listener.onPartitionsAssigned(List.of(PARTITION));
    assertThat(status.ready()).isTrue();
    assertThat(status.partitions()).isEqualTo(1);
  }
}
