package io.mcpauthz.audit.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DecisionReader.ExportEnd;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Exports held open mid-stream, as by clients that stopped reading: each runs on a thread of its
 * own into a sink that waits at its first row until the test releases it. Synchronised by
 * latches, never by sleeping; closing releases whatever is still held.
 */
public final class HeldExports implements AutoCloseable {

  /** Longest a latch is waited for: a bound for a broken run, not a timing under test. */
  private static final long WAIT_SECONDS = 60;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Held> held = new ArrayList<>();

  /** One held export: {@link #end} once released. */
  public record Held(CountDownLatch release, Future<ExportEnd> end) {
    public ExportEnd finish() throws Exception {
      release.countDown();
      return end.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** As {@link #hold(DecisionReader, String, DecisionFilter)}, by a subject of its own. */
  public Held hold(DecisionReader reader, DecisionFilter filter) throws Exception {
    return hold(reader, "held-" + (held.size() + 1), filter);
  }

  /**
   * Starts an export of {@code filter} (which must match a row) by {@code subject} and returns
   * once its first row reached the sink: from then on it holds its slot and its store connection.
   */
  public Held hold(DecisionReader reader, String subject, DecisionFilter filter) throws Exception {
    CountDownLatch streaming = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<ExportEnd> end = threads.submit(() -> reader.export(subject, filter, Duration.ofMinutes(10), row -> {
      streaming.countDown();
      try {
        if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new InterruptedIOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }));
    Held export = new Held(release, end);
    held.add(export);
    if (!streaming.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      end.get(1, TimeUnit.SECONDS); // its failure, if it failed
    }
    assertThat(streaming.getCount()).as("the export reached its first row").isZero();
    return export;
  }

  @Override
  public void close() {
    held.forEach(export -> export.release().countDown());
    threads.shutdown();
  }
}
