package io.mcpauthz.pdp.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.upstream.TestUpstreamConfig;
import io.mcpauthz.pep.port.Caller;
import io.mcpauthz.pep.port.HttpCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestDoorTest {

  private static final Map<String, String> CLIENT_HEADERS = Map.of(
      "authorization", "Bearer client-token",
      "cookie", "session=s3cret",
      "proxy-authorization", "Basic cHJveHk6cGFzcw==",
      "x-api-key", "k-123",
      "x-mcp-authz-decision-id", "forged",
      "x-mcp-authz-subject", "root",
      "x-upstream-token", "Bearer forged",
      "mcp-session-id", "s-1",
      "user-agent", "agent/1.0");

  private final RequestDoor door = new RequestDoor(config(List.of("cookie", "proxy-authorization", "x-api-key")),
      TestUpstreamConfig.withHeader("x-upstream-token"));

  @Test
  void shouldHoldTheTokenApartAndHideCredentialsFromEveryLaterStep() {
    RequestContext context = door.admit(check("/mcp", CLIENT_HEADERS));

    assertThat(context.authorization()).isEqualTo("Bearer client-token");
    assertThat(context.check().headers()).containsOnlyKeys("mcp-session-id", "user-agent");
    assertThat(context.refusal()).isNull();
  }

  @Test
  void shouldListCredentialsAndClientCopiesOfOwnHeadersForRemovalUpstream() {
    RequestContext context = door.admit(check("/mcp", CLIENT_HEADERS));

    assertThat(context.upstreamRemovals()).containsExactlyInAnyOrder("cookie", "proxy-authorization", "x-api-key",
        "x-mcp-authz-decision-id", "x-mcp-authz-subject");
  }

  @Test
  void shouldRemoveConfiguredHeadersEvenWhenTheProxyDidNotShowThem() {
    // Envoy's allowed_headers may keep a header from the PDP; it still reaches the upstream.
    RequestContext context = door.admit(check("/mcp", Map.of()));

    assertThat(context.upstreamRemovals()).containsExactly("cookie", "proxy-authorization", "x-api-key");
  }

  @Test
  void shouldRefuseATokenInTheQueryAndKeepItsValueOutOfThePath() {
    RequestContext context = door.admit(check("/mcp?Access_Token=eyJsecret", Map.of()));

    assertThat(context.refusal()).isEqualTo(ErrorCode.TOKEN_IN_QUERY);
    assertThat(context.check().path()).isEqualTo("/mcp?Access_Token=[REDACTED]");
  }

  @Test
  void shouldRefuseAQueryThatDoesNotDecode() {
    assertThat(door.admit(check("/mcp?%zz=1", Map.of())).refusal()).isEqualTo(ErrorCode.QUERY_MALFORMED);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "mcp-session-id|s-1,s-1",             // two headers, as Envoy joins them; Go reads s-1
      "mcp-session-id|s-1, s-2",
      "mcp-session-id|s-1 s-2",
      "mcp-session-id|sess-\u00e9",         // not ASCII: readers decode its bytes differently
      "mcp-protocol-version|2025-06-18,2026-07-28"})
  void shouldRefuseASessionHeaderThatServersReadDifferently(String name, String value) {
    RequestContext context = door.admit(check("/mcp", Map.of(name, value)));

    assertThat(context.refusal()).isEqualTo(ErrorCode.HEADER_AMBIGUOUS);
  }

  @Test
  void shouldAcceptAServerIssuedSessionIdOfVisibleAscii() {
    RequestContext context = door.admit(check("/mcp", Map.of("mcp-session-id", "1868a90c-7b3e_4f.a~Z+/=",
        "mcp-protocol-version", "2025-06-18")));

    assertThat(context.refusal()).isNull();
  }

  @Test
  void shouldKeepEverythingElseOfTheRequest() {
    HttpCheck raw = check("/mcp?cursor=1", Map.of("mcp-session-id", "s-1"));

    HttpCheck clean = door.admit(raw).check();

    assertThat(clean).usingRecursiveComparison().isEqualTo(raw);
  }

  private static HttpCheck check(String path, Map<String, String> headers) {
    return new HttpCheck("r", Instant.now(), "POST", path, "mcp.example.com", "https", "HTTP/1.1", headers,
        new byte[0], false, new HttpCheck.Peer("10.0.0.1", 1, ""), Map.of("mcp_server", "github"), Caller.NONE,
        Duration.ofSeconds(1));
  }

  private record Config(List<String> stripHeaders, List<String> credentialParameters) implements RequestConfig {}

  static RequestConfig config(List<String> strip) {
    return new Config(strip, List.of("access_token"));
  }
}
