package io.mcpauthz.pdp.policy.wasm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What a policy's recent evaluations cost, in CPU time of the thread that ran them (not wall
 * time: a thread preempted on a busy machine does not count the wait): the bar a new module's
 * warm-up must come close to before it takes over. An exponentially weighted average over about
 * the last hundred calls; workers update it without a lock, so it is an estimate.
 */
final class CallCost {

  /** Fewer calls than this say little: a policy that has served so few has no known cost. */
  static final int MIN_CALLS = 64;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_CLOCK = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
  private static final double WEIGHT = 1.0 / 128;

  private volatile double average;
  private volatile long calls;

  /** The current thread's CPU time so far, in ns (wall time where the JVM has no thread clock). */
  static long threadCpu() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  void add(long nanos) {
    long n = calls;
    average = n == 0 ? nanos : average + (nanos - average) * Math.max(WEIGHT, 1.0 / (n + 1));
    calls = n + 1;
  }

  /** CPU ns per call, or NaN before {@link #MIN_CALLS} calls. */
  double nanosPerCall() {
    return calls < MIN_CALLS ? Double.NaN : average;
  }
}
