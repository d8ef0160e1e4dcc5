package io.mcpauthz.audit.event;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Ingest CPU of the search text, for the query bench: this thread's CPU time per event (steady
 * under load, unlike wall time) reading the indexed fields alone, the parser as ingest runs it
 * (the fields and the search text in one pass), and a separate {@link SearchText#of} pass.
 */
public final class SearchTextCost {

  private static final JsonFactory FACTORY = new JsonFactory();

  private SearchTextCost() {
  }

  public static void print(List<String> events) throws IOException {
    List<byte[]> values = events.stream().map(json -> json.getBytes(StandardCharsets.UTF_8)).toList();
    DecisionEventParser parser = new DecisionEventParser();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] total = new long[3];
    long sink = 0;
    for (int round = 0; round < 8; round++) { // alternating; the first three rounds warm up
      long t0 = cpu.getCurrentThreadCpuTime();
      for (String json : events) {
        sink += IndexedFields.read(FACTORY, json).decisionId.length();
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      for (byte[] value : values) {
        sink += parser.parse(value).searchText().length();
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      for (String json : events) {
        sink += SearchText.of(json).length();
      }
      long t3 = cpu.getCurrentThreadCpuTime();
      if (round >= 3) {
        total[0] += t1 - t0;
        total[1] += t2 - t1;
        total[2] += t3 - t2;
      }
    }
    double n = 5.0 * events.size() * 1000;
    System.out.printf("ingest cpu events=%d fields_only_us=%.2f parse_with_search_text_us=%.2f separate_search_text_us=%.2f"
        + " (%d)%n", events.size(), total[0] / n, total[1] / n, total[2] / n, sink % 10);
  }
}
