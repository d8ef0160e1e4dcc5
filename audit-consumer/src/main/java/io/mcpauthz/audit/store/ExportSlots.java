package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exports one replica streams at once ({@code mcp-authz.audit.export.max-concurrent}), and
 * of those, the most one token subject streams ({@code mcp-authz.audit.export.max-per-subject}).
 * An export holds a store connection for as long as it streams, minutes: on PostgreSQL a server
 * session of its own, outside the reads' pool (its cursor and snapshot live as long as the
 * export, and it must not take a pooled connection from the searches), on DuckDB a connection
 * and a streaming result in this process. Unbounded, N concurrent downloads would open N server
 * sessions and could take the shared server's last {@code max_connections} from the writers and
 * the other replicas; without the bound per subject, one auditor who starts downloads and stops
 * reading would take every slot from the other analysts. One export past a bound is refused at
 * once, not queued: waiting would hold its HTTP request open as long as an export runs, and a
 * client retries a 503 anyway.
 */
public final class ExportSlots {

  /** The shipped {@code mcp-authz.audit.export.max-concurrent}. */
  public static final String DEFAULT_MAX = "2";
  /** The shipped {@code mcp-authz.audit.export.max-per-subject}. */
  public static final String DEFAULT_MAX_PER_SUBJECT = "1";

  private final int max;
  private final int maxPerSubject;
  private final Semaphore free;
  private final Map<String, Integer> bySubject = new ConcurrentHashMap<>();
  private final Runnable refused;

  /** @param refused runs on each refusal (the metric) */
  public ExportSlots(int max, int maxPerSubject, Runnable refused) {
    if (max < 1) {
      throw new IllegalArgumentException("mcp-authz.audit.export.max-concurrent must be at least 1, was " + max);
    }
    if (maxPerSubject < 1) {
      throw new IllegalArgumentException(
          "mcp-authz.audit.export.max-per-subject must be at least 1, was " + maxPerSubject);
    }
    this.max = max;
    this.maxPerSubject = maxPerSubject;
    this.free = new Semaphore(max);
    this.refused = refused;
  }

  /** With the shipped bounds and no metric: for a reader outside the app ({@link DecisionReader#DecisionReader}). */
  static ExportSlots shipped() {
    return new ExportSlots(Integer.parseInt(DEFAULT_MAX), Integer.parseInt(DEFAULT_MAX_PER_SUBJECT), () -> { });
  }

  /**
   * A slot for one export by {@code subject}, given back when it is closed; {@code store_busy}
   * when that subject streams its most already, or when no slot is free.
   */
  public Slot take(String subject) {
    if (!forSubject(subject)) {
      refused.run();
      throw new AuditException(ErrorCode.STORE_BUSY, "this token's subject already streams its most exports at "
          + "once on this replica (" + maxPerSubject + "); retry when one has ended");
    }
    if (!free.tryAcquire()) {
      releaseSubject(subject);
      refused.run();
      throw new AuditException(ErrorCode.STORE_BUSY,
          "this replica already streams its most exports at once (" + max + "); retry when one has ended");
    }
    return new Slot(subject);
  }

  /** Exports streaming now. */
  public int inUse() {
    return max - free.availablePermits();
  }

  /** Counts one more export for {@code subject} unless it has its most already (one atomic step). */
  private boolean forSubject(String subject) {
    boolean[] taken = {false};
    bySubject.compute(subject, (key, running) -> {
      int now = running == null ? 0 : running;
      if (now >= maxPerSubject) {
        return running;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  private void releaseSubject(String subject) {
    bySubject.computeIfPresent(subject, (key, running) -> running <= 1 ? null : running - 1);
  }

  /** One export's slot; closing it twice gives it back once. */
  public final class Slot implements AutoCloseable {
    private final String subject;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private Slot(String subject) {
      this.subject = subject;
    }

    @Override
    public void close() {
      if (held.compareAndSet(true, false)) {
        free.release();
        releaseSubject(subject);
      }
    }
  }
}
