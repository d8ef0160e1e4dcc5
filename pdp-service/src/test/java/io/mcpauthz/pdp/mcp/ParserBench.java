package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * Rerunnable micro-benchmark of body parsing (not a test; numbers in docs/benchmarks.md): the
 * whole {@link McpBodyParser#parse} per body, and the share of it spent on the ambiguity walk;
 * the fastest of five runs.
 * Run from the repository root with the command in docs/benchmarks.md.
 */
public final class ParserBench {

  private static final Map<String, String> BODIES = Map.of(
      "tools/call, 2 arguments", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"create_issue\",\"arguments\":{\"repo\":\"acme/shop\",\"title\":\"Bug in checkout\"}}}",
      "tools/call, 40 camelCase arguments", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"q\",\"arguments\":{" + arguments(40) + "}}}",
      "batch of 32 pings", "[" + String.join(",",
          Collections.nCopies(32, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")) + "]");

  private ParserBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    McpBodyParser parser = new McpBodyParser(1 << 20, 64, 32);
    ObjectMapper mapper = new ObjectMapper();
    for (Map.Entry<String, String> body : BODIES.entrySet()) {
      byte[] bytes = body.getValue().getBytes(StandardCharsets.UTF_8);
      JsonNode tree = mapper.readTree(bytes);
      double parse = Double.MAX_VALUE;
      double walk = Double.MAX_VALUE;
      for (int run = 0; run < 5; run++) { // the fastest of five runs: the least disturbed by load
        parse = Math.min(parse, nanosPer(rounds, () -> parser.parse(bytes, "2025-03-26")));
        walk = Math.min(walk, nanosPer(rounds, () -> UnambiguousJson.check(tree)));
      }
      System.out.printf("%-36s %6d bytes  parse %7.2f µs  of which ambiguity walk %6.2f µs%n",
          body.getKey(), bytes.length, parse / 1000, walk / 1000);
    }
  }

  private static double nanosPer(int rounds, Runnable work) {
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      work.run();
    }
    return (System.nanoTime() - start) / (double) rounds;
  }

  private static String arguments(int count) {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("\"fieldName").append(i).append("\":\"value ").append(i).append('"');
    }
    return json.toString();
  }
}
