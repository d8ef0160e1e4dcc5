package io.mcpauthz.pdp.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.mcp.McpBodyParser;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pep.port.HttpCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy sees request headers, but no header that could contradict the body unnoticed. */
class InputDocumentHeadersTest {

  @Test
  void shouldKeepArgumentCopiesInHeadersAwayFromThePolicy() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"deploy\",\"arguments\":{\"region\":\"us-east-1\"}}}";
    HttpCheck check = new HttpCheck("req-1", Instant.now(), "POST", "/mcp", "mcp.example.com", "https", "HTTP/2",
        Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", "tools/call", "mcp-name", "deploy",
            "mcp-param-region", "eu-west-1", "x-tenant", "acme"),
        body.getBytes(StandardCharsets.UTF_8), false, new HttpCheck.Peer("10.1.2.3", 50123, ""), Map.of());
    McpMessage message = new McpBodyParser(1 << 20, 64, 32).parse(check.body(), "2026-07-28").get(0);

    JsonNode input = InputDocument.build(check, "github", Subject.ANONYMOUS, message);

    JsonNode headers = input.path("request").path("headers");
    assertThat(headers.has("mcp-param-region")).as("a copy of region the server may never compare").isFalse();
    assertThat(headers.path("x-tenant").asText()).isEqualTo("acme");
    assertThat(headers.path("mcp-name").asText()).as("checked against the body").isEqualTo("deploy");
    assertThat(input.path("mcp").path("tool").path("arguments").path("region").asText()).isEqualTo("us-east-1");
  }
}
