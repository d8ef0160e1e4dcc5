package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * What scrubbing and size-capping cost per event (not part of the test run; numbers in
 * docs/benchmarks.md): CPU time of {@link ArgumentScrubber#scrub} plus {@link EventSizeCap#fit}
 * on this thread, for typical and for hostile arguments. Run with pdp-service/bench/event-bench.sh.
 */
public final class EventScrubBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventScrubBench() {}

  public static void main(String[] args) throws Exception {
    String typical = "{\"repo\":\"acme/shop\",\"title\":\"Checkout fails for EU cards\",\"labels\":[\"bug\",\"p1\"],"
        + "\"body\":\"Steps: open /cart, pay with a 3DS card, see HTTP 502 from the payment gateway.\",\"draft\":false}";
    String withSecrets = "{\"cmd\":\"curl -H 'Authorization: Bearer abcdef0123456789abcdef' https://api.example.com\","
        + "\"url\":\"postgres://admin:Tr0ub4dor99@db:5432/app\",\"api_key\":\"x\",\"note\":\"token=ghp_"
        + "abcdefghijklmnopqrstuvwxyz0123456789\"}";
    String text64k = "{\"content\":" + JSON.writeValueAsString("lorem ipsum dolor sit amet ".repeat(2_400)) + "}";
    String padded = "{\"title\":" + JSON.writeValueAsString("\ud83d\ude00".repeat(100_000)) + "}";
    System.out.printf("rules loaded: %d%n", ArgumentScrubber.ruleCount());
    for (String[] run : List.of(new String[] {"typical (5 fields, 200 B)", typical, "20000"},
        new String[] {"with secrets (4 fields)", withSecrets, "20000"},
        new String[] {"64 KiB of prose", text64k, "300"},
        new String[] {"400 KiB of emoji (truncated)", padded, "30"})) {
      measure(run[0], JSON.readTree(run[1]), Integer.parseInt(run[2]));
    }
  }

  private static void measure(String name, JsonNode arguments, int iterations) throws Exception {
    EventSizeCap cap = new EventSizeCap(262_144);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < iterations / 5 + 1; i++) { // warm-up
      once(cap, arguments);
    }
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < iterations; i++) {
      once(cap, arguments);
    }
    double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1_000.0 / iterations;
    System.out.printf("%-32s %10.1f CPU-µs/event (%d events)%n", name, micros, iterations);
  }

  private static int once(EventSizeCap cap, JsonNode arguments) throws Exception {
    ObjectNode event = JSON.createObjectNode().put("schema", DecisionEvents.SCHEMA).put("decision_id", "d");
    event.putObject("mcp").set("arguments", ArgumentScrubber.scrub(arguments, List.of("body")));
    return cap.fit(event).bytes().length;
  }
}
