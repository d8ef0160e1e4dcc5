package io.mcpauthz.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriterThreadTest {

  private static final TopicPartition PARTITION = new TopicPartition("decisions", 0);

  private final StubIndexer indexer = new StubIndexer();
  private final WriterThread writes = new WriterThread(indexer);

  @AfterEach
  void close() {
    indexer.release.countDown();
    writes.close();
  }

  static Batch batch(long nextOffset) {
    return new Batch(List.of(), List.of(), Map.of(PARTITION, new OffsetAndMetadata(nextOffset)));
  }

  @Test
  void shouldHandBackTheOffsetsOnlyOnceTheBatchIsStored() throws Exception {
    Batch batch = batch(10);
    writes.submit(batch);
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> finished = CompletableFuture.supplyAsync(() -> {
      try {
        return writes.finish();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(writes.busy()).isTrue();
    assertThat(indexer.stored).isEmpty();
    indexer.release.countDown();

    assertThat(finished.get(60, TimeUnit.SECONDS)).isEqualTo(batch.offsets());
    assertThat(indexer.stored).containsExactly(batch);
    assertThat(writes.busy()).isFalse();
    assertThat(writes.finish()).isEmpty();
  }

  @Test
  void shouldHandOverOneBatchAtATime() {
    writes.submit(batch(1));
    assertThatThrownBy(() -> writes.submit(batch(2))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRethrowTheStoreFailureAndCommitNothing() throws Exception {
    indexer.failure = new SQLException("store down", "08006");
    indexer.release.countDown();
    writes.submit(batch(10));

    assertThatThrownBy(writes::finish).isSameAs(indexer.failure);
    assertThat(writes.busy()).isFalse();
    assertThat(writes.finish()).isEmpty();
  }

  @Test
  void shouldWaitForTheWriteWhenAbandoningIt() throws Exception {
    indexer.release.countDown();
    writes.submit(batch(10));
    writes.abandon();

    assertThat(indexer.stored).hasSize(1);
    assertThat(writes.finish()).isEmpty();
  }
}
