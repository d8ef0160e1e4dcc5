package io.mcpauthz.audit;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** A process-wide timer thread for short checks that must never keep the JVM alive. */
public final class DaemonTimer {

  private DaemonTimer() {
  }

  /** One daemon thread named {@code name}; a cancelled task leaves its queue at once. */
  public static ScheduledThreadPoolExecutor named(String name) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
