package io.mcpauthz.audit;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A process-wide timer thread for short checks that must never keep the JVM alive. */
public final class DaemonTimer {

  /**
   * How long the thread outlives its last task. An idle timer holds no thread, so a dev-mode
   * reload, which leaves the old class loader's timers behind, leaves no thread behind either.
   */
  static final Duration IDLE_THREAD_LIFETIME = Duration.ofSeconds(10);

  private DaemonTimer() {
  }

  /** One daemon thread named {@code name}; a cancelled task leaves its queue at once. */
  public static ScheduledThreadPoolExecutor named(String name) {
    return named(name, IDLE_THREAD_LIFETIME);
  }

  static ScheduledThreadPoolExecutor named(String name, Duration idleThreadLifetime) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      // The thread is started by whichever thread schedules after an idle spell, often a request's:
      // it must not inherit that request's thread-locals (its logging context among them).
      Thread thread = new Thread(null, task, name, 0, false);
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    // The one thread ends only with an empty queue (a task waiting for its delay keeps it), and
    // the next schedule starts a new one.
    timer.setKeepAliveTime(idleThreadLifetime.toMillis(), TimeUnit.MILLISECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }
}
