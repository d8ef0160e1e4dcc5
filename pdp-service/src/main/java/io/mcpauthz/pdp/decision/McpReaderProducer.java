package io.mcpauthz.pdp.decision;

import io.mcpauthz.pdp.mcp.McpBodyParser;
import io.mcpauthz.pdp.mcp.McpRequestReader;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the framework-free MCP reader with its configured limits. */
class McpReaderProducer {

  @Produces
  @Singleton
  McpRequestReader reader(DecisionConfig config) {
    return new McpRequestReader(new McpBodyParser(config.maxBodyBytes(), config.maxJsonDepth(),
        config.maxBatchMessages()));
  }
}
