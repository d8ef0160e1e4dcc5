package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call the spool let in whose event then does not fit (no reserve, the broker away) is denied,
 * never allowed unrecorded: the packaged PDP, real OPA, a broker port nobody listens on.
 */
class SpoolUnrecordedAllowIT {

  private static OpaProcess opa;

  @BeforeAll
  static void start() {
    opa = OpaProcess.onDirectory(Processes.root().resolve("policies-rego"));
    opa.start();
  }

  @AfterAll
  static void stop() {
    opa.stop();
  }

  @Test
  void shouldDenyAnAllowWhoseEventNoLongerFitsInsteadOfAnsweringItUnrecorded() throws Exception {
    PdpProcess pdp = new PdpProcess();
    pdp.start(Map.of(
        "mcp-authz.policy.engine", "rest",
        "mcp-authz.opa.url", opa.url(),
        "kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
        "mcp-authz.events.spool.max-bytes", "64K",
        "mcp-authz.events.spool.reserve-bytes", "0"));
    String token = TestKeys.token("fill-" + UUID.randomUUID(), "dev");
    int allowed = 0;
    CheckResponse response;
    try {
      do {
        response = pdp.check(EnvoyCheck.toolCall(allowed + 1, "create_issue",
            "{\"title\":\"" + "x".repeat(700) + "\"}").bearer(token));
        allowed += response.hasOkResponse() ? 1 : 0;
      } while (response.hasOkResponse() && allowed < 500);

      assertThat(backlogEvents(pdp)).as("every allow answered is in the spool").isGreaterThanOrEqualTo(allowed);
      assertThat(response.hasOkResponse()).as("a 64 KiB spool holds far fewer than 500 allows").isFalse();
      assertThat(Responses.deniedBody(response).path("error").path("data").path("reasons").get(0).asText())
          .as("the spool, not a budget, ended the allows").isEqualTo("audit_unavailable");
      assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    } finally {
      pdp.stop();
    }
  }

  private static double backlogEvents(PdpProcess pdp) {
    String metrics = given().get(pdp.httpUrl() + "/q/metrics").asString();
    return metrics.lines().filter(l -> l.startsWith("mcp_authz_spool_backlog_events")).findFirst()
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
