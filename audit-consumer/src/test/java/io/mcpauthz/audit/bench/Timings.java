package io.mcpauthz.audit.bench;

import java.util.Arrays;

/** One query's run times; runs numbered below zero are warm-up and not kept. */
final class Timings {

  private final String name;
  private final long[] micros;

  Timings(String name, int runs) {
    this.name = name;
    this.micros = new long[runs];
  }

  void run(int i, Runnable query) {
    long t0 = System.nanoTime();
    query.run();
    if (i >= 0) {
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
  }

  void print() {
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    System.out.printf("query %-50s p50_ms=%.1f p95_ms=%.1f max_ms=%.1f%n", "\"" + name + "\"", sorted[n / 2] / 1e3,
        sorted[(int) Math.ceil(n * 0.95) - 1] / 1e3, sorted[n - 1] / 1e3);
  }
}
