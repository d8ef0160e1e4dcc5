package io.mcpauthz.pdp.policy.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by kind, from {@code /proc/self/task/<tid>/stat} (Linux): what
 * a reload costs the process whatever the machine's load, split between the thread that loads,
 * the JIT's compiler threads, the garbage collector and the workers serving decisions.
 */
final class ThreadCpu {

  private static final long TICK_NANOS = 10_000_000; // USER_HZ is 100 on Linux

  private ThreadCpu() {}

  /** CPU nanoseconds so far by kind of thread; threads that ended are not counted. */
  static Map<String, Long> snapshot() {
    Map<String, Long> byKind = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat = read(task.resolve("stat"));
        if (stat == null) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        byKind.merge(kind(name), ticks * TICK_NANOS, Long::sum);
      }
    } catch (IOException e) {
      return Map.of();
    }
    return byKind;
  }

  /** What {@code after} spent beyond {@code before}, per kind, in ms, divided by {@code per}. */
  static String since(Map<String, Long> before, Map<String, Long> after, int per) {
    StringBuilder line = new StringBuilder();
    after.forEach((kind, nanos) -> line.append(String.format(java.util.Locale.ROOT, " %s %.0f",
        kind, (nanos - before.getOrDefault(kind, 0L)) / 1e6 / per)));
    return line.toString().trim();
  }

  private static String kind(String name) {
    if (name.startsWith("C2 Compiler")) {
      return "jit-c2";
    }
    if (name.startsWith("C1 Compiler")) {
      return "jit-c1";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
      return "gc+vm";
    }
    if (name.startsWith("policy-wasm-")) {
      return "workers";
    }
    return name.startsWith("bench-loader") ? "loader" : "other";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return null;
    }
  }
}
