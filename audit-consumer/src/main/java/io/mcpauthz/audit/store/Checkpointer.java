package io.mcpauthz.audit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Checkpoints DuckDB on a thread of its own once the write-ahead log has grown past a size, so
 * that the writer's commits do not pay for it: DuckDB's automatic checkpoint runs inside the
 * commit that crosses its {@code checkpoint_threshold}, on the writer thread, and held up the
 * ingest for seconds. DuckDB 1.5 lets insert-only commits and open reads go on beside a
 * checkpoint. The automatic one stays as a backstop at a larger threshold, for when this one
 * cannot run: a plain {@code CHECKPOINT} fails when DuckDB cannot take its checkpoint lock (an
 * uncommitted retention delete, say), and is then tried again on the next look.
 */
final class Checkpointer implements AutoCloseable {

  private static final Logger LOGGER = Logger.getLogger(Checkpointer.class);

  /** How often the WAL's size is looked at; at 50 000 events/s the WAL grows ~50 MB a second. */
  static final long INTERVAL_MILLIS = 500;

  private final DuckDb db;
  private final Path wal;
  private final long thresholdBytes;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "audit-checkpoint");
    thread.setDaemon(true);
    return thread;
  });

  Checkpointer(DuckDb db, Path database, long thresholdBytes) {
    this.db = db;
    this.wal = Path.of(database + ".wal");
    this.thresholdBytes = thresholdBytes;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::checkpointIfDue, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Checkpoints when the WAL holds at least the threshold; whether it did. */
  boolean checkpointIfDue() {
    try {
      long walBytes = walBytes();
      if (walBytes < thresholdBytes) {
        return false;
      }
      long t0 = System.nanoTime();
      checkpoint();
      LOGGER.infof("store checkpoint wal_bytes=%d took_ms=%d", walBytes, (System.nanoTime() - t0) / 1_000_000);
      return true;
    } catch (SQLException | IOException | RuntimeException e) {
      // Refused for now; the next look tries again, DuckDB's own threshold caps the WAL meanwhile.
      LOGGER.debugf("checkpoint postponed error=%s", e.getMessage());
      return false;
    }
  }

  /** A plain {@code CHECKPOINT} (not FORCE): it holds up no one, and fails when DuckDB cannot take it now. */
  void checkpoint() throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      statement.execute("CHECKPOINT");
    }
  }

  long walBytes() throws IOException {
    try {
      return Files.size(wal);
    } catch (NoSuchFileException none) {
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
