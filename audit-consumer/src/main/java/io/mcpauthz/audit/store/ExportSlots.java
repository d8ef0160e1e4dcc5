package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exports one replica streams at once ({@code mcp-authz.audit.export.max-concurrent}). An
 * export holds a store connection for as long as it streams, minutes: on PostgreSQL a server
 * session of its own, outside the reads' pool (its cursor and snapshot live as long as the
 * export, and it must not take a pooled connection from the searches), on DuckDB a connection
 * and a streaming result in this process. Unbounded, N concurrent downloads would open N server
 * sessions and could take the shared server's last {@code max_connections} from the writers and
 * the other replicas. One export past the bound is refused at once, not queued: waiting would
 * hold its HTTP request open as long as an export runs, and a client retries a 503 anyway.
 */
public final class ExportSlots {

  /** The shipped {@code mcp-authz.audit.export.max-concurrent}. */
  public static final String DEFAULT_MAX = "2";

  private final int max;
  private final Semaphore free;
  private final Runnable refused;

  /** @param refused runs on each refusal (the metric) */
  public ExportSlots(int max, Runnable refused) {
    if (max < 1) {
      throw new IllegalArgumentException("mcp-authz.audit.export.max-concurrent must be at least 1, was " + max);
    }
    this.max = max;
    this.free = new Semaphore(max);
    this.refused = refused;
  }

  /** With the shipped bound and no metric. */
  static ExportSlots shipped() {
    return new ExportSlots(Integer.parseInt(DEFAULT_MAX), () -> { });
  }

  /** A slot for one export, given back when it is closed; {@code store_busy} when none is free. */
  public Slot take() {
    if (!free.tryAcquire()) {
      refused.run();
      throw new AuditException(ErrorCode.STORE_BUSY,
          "this replica already streams its most exports at once (" + max + "); retry when one has ended");
    }
    return new Slot();
  }

  /** Exports streaming now. */
  public int inUse() {
    return max - free.availablePermits();
  }

  /** One export's slot; closing it twice gives it back once. */
  public final class Slot implements AutoCloseable {
    private final AtomicBoolean held = new AtomicBoolean(true);

    private Slot() {
    }

    @Override
    public void close() {
      if (held.compareAndSet(true, false)) {
        free.release();
      }
    }
  }
}
