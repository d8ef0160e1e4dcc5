package io.mcpauthz.pdp;

/** The PDP's own background threads. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /**
   * A daemon thread that inherits no inheritable thread-locals. A pool starts its thread on the
   * thread of the first task that needs it, often a request's, whose context (the logging
   * context among it) must not stay with the pool's thread for the life of the process.
   */
  public static Thread named(String name, Runnable task) {
    Thread thread = new Thread(null, task, name, 0, false);
    thread.setDaemon(true);
    return thread;
  }
}
