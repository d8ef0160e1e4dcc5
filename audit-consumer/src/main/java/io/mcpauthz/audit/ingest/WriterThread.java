package io.mcpauthz.audit.ingest;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Stores one batch on a thread of its own while the consumer thread polls and parses the next:
 * a hand-off of exactly one batch. Only the consumer thread calls it. {@link #finish} hands back
 * the batch's offsets once it is stored, so the consumer commits them strictly after the write
 * and in poll order.
 */
final class WriterThread implements AutoCloseable {

  private final RecordIndexer indexer;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "audit-writer");
    thread.setDaemon(true);
    return thread;
  });
  private Batch inFlight;
  private Future<?> write;

  WriterThread(RecordIndexer indexer) {
    this.indexer = indexer;
  }

  /** Starts storing the batch; the one before it must have been finished. */
  void submit(Batch batch) {
    if (write != null) {
      throw new IllegalStateException("a batch is still being written");
    }
    inFlight = batch;
    write = executor.submit(() -> {
      indexer.store(batch);
      return null;
    });
  }

  boolean busy() {
    return write != null;
  }

  /** Waits for the batch in flight; its offsets to commit (none when idle), or what its write threw. */
  Map<TopicPartition, OffsetAndMetadata> finish() throws Exception {
    if (write == null) {
      return Map.of();
    }
    try {
      write.get();
      return inFlight.offsets();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      write = null;
      inFlight = null;
    }
  }

  /** Waits for the batch in flight and forgets it uncommitted: its records will be polled again. */
  void abandon() {
    try {
      finish();
    } catch (Exception ignored) {
      // the consumer is failing or rebalancing already; the records stay uncommitted
    }
  }

  /** Commits the offsets a stored batch ends at. */
  static void commit(Consumer<?, ?> kafka, Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (!offsets.isEmpty()) {
      kafka.commitSync(offsets);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
