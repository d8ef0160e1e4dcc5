package io.mcpauthz.pdp.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cost of {@link ArgumentAnalysis} per message, on the caller's thread: not a test, a rerunnable
 * measurement for docs/benchmarks.md ("Argument analysis"). Run from the repository root:
 * {@code mvn -B -ntp -q test-compile -pl pdp-service -am} then
 * {@code java -cp "pdp-service/target/test-classes:pdp-service/target/classes:$(cat /tmp/cp.txt)"
 * io.mcpauthz.pdp.analysis.ArgumentAnalysisBench} with the module's classpath in /tmp/cp.txt
 * ({@code mvn -q dependency:build-classpath -pl pdp-service -am -Dmdep.outputFile=/tmp/cp.txt}).
 */
public final class ArgumentAnalysisBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgumentAnalysisBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, JsonNode> cases = new LinkedHashMap<>();
    cases.put("create_issue (3 prose strings)", JSON.readTree(
        "{\"repo\":\"acme/shop\",\"title\":\"Checkout fails\",\"body\":\"Steps to reproduce: open the cart, pay.\"}"));
    cases.put("read_file (1 path)", JSON.readTree("{\"path\":\"/srv/data/reports/q3.txt\"}"));
    cases.put("download_file (url + path)", JSON.readTree(
        "{\"url\":\"https://downloads.example.com/x.zip\",\"path\":\"/srv/data/incoming/x.zip\"}"));
    cases.put("query (simple SELECT)", JSON.readTree("{\"sql\":\"SELECT * FROM orders WHERE id = 7\"}"));
    cases.put("query (CTE, join, 3 functions)", JSON.readTree("{\"sql\":\"WITH big AS (SELECT * FROM orders"
        + " WHERE total > 100) SELECT lower(c.name), count(*), max(b.total) FROM big b JOIN customers c"
        + " ON c.id = b.customer_id GROUP BY lower(c.name) ORDER BY 2 DESC LIMIT 10\"}"));
    cases.put("worst case (64 args, 8 SQL parses)", worstCase());
    System.out.printf("%-40s %14s %14s%n", "arguments", "CPU µs/call", "wall µs/call");
    for (Map.Entry<String, JsonNode> c : cases.entrySet()) {
      double[] micros = microsPerCall(c.getValue());
      System.out.printf("%-40s %14.1f %14.1f%n", c.getKey(), micros[0], micros[1]);
    }
  }

  private static ObjectNode worstCase() {
    ObjectNode args = JSON.createObjectNode();
    String sql = "SELECT a.id, lower(b.name) FROM a JOIN b ON a.id = b.a_id WHERE a.x IN (SELECT y FROM c) ";
    for (int i = 0; i < ArgumentAnalysis.MAX_ARGUMENTS; i++) {
      args.put("q" + i, sql + "AND a.n = " + i);
    }
    return args;
  }

  /** Thread CPU time and wall time per call, in µs: CPU time is the steadier on a busy host. */
  private static double[] microsPerCall(JsonNode arguments) {
    long sink = 0;
    for (int i = 0; i < 2_000; i++) { // warm-up: JIT and class loading
      sink += ArgumentAnalysis.ofArguments(arguments).size();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int calls = 0;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    while (System.nanoTime() - start < 3_000_000_000L) {
      sink += ArgumentAnalysis.ofArguments(arguments).size();
      calls++;
    }
    double wall = (System.nanoTime() - start) / 1_000.0 / calls;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / calls;
    if (sink == 42) {
      System.out.print("");
    }
    return new double[] {cpu, wall};
  }
}
