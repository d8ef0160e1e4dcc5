package io.mcpauthz.pep;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.mcpauthz.pep.port.HttpCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckRequestMapperTest {

  private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

  private static CheckRequest request(AttributeContext.HttpRequest.Builder http) {
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(AttributeContext.Peer.newBuilder()
                .setAddress(Address.newBuilder().setSocketAddress(
                    SocketAddress.newBuilder().setAddress("10.1.2.3").setPortValue(50123)))
                .setPrincipal("spiffe://cluster.local/ns/agents/sa/agent-7"))
            .setRequest(AttributeContext.Request.newBuilder()
                .setTime(Timestamp.newBuilder().setSeconds(1_764_140_400L).setNanos(123_000_000))
                .setHttp(http))
            .putContextExtensions("mcp_server", "github"))
        .build();
  }

  private static AttributeContext.HttpRequest.Builder post() {
    return AttributeContext.HttpRequest.newBuilder()
        .setId("req-1").setMethod("POST").setPath("/mcp").setHost("mcp.example.com")
        .setScheme("https").setProtocol("HTTP/2")
        .putHeaders("content-type", "application/json")
        .putHeaders("mcp-session-id", "s-1");
  }

  @Test
  void shouldMapRequestAttributesAsEnvoySendsThem() {
    HttpCheck check = CheckRequestMapper.toHttpCheck(request(post().setBody(BODY)));

    assertThat(check.requestId()).isEqualTo("req-1");
    assertThat(check.time()).isEqualTo(Instant.parse("2025-11-26T07:00:00.123Z"));
    assertThat(check.method()).isEqualTo("POST");
    assertThat(check.path()).isEqualTo("/mcp");
    assertThat(check.host()).isEqualTo("mcp.example.com");
    assertThat(check.scheme()).isEqualTo("https");
    assertThat(check.protocol()).isEqualTo("HTTP/2");
    assertThat(check.header("mcp-session-id")).isEqualTo("s-1");
    assertThat(check.source()).isEqualTo(
        new HttpCheck.Peer("10.1.2.3", 50123, "spiffe://cluster.local/ns/agents/sa/agent-7"));
    assertThat(check.context()).containsEntry("mcp_server", "github");
    assertThat(check.bodyPartial()).isFalse();
  }

  @Test
  void shouldReadBodyFromStringField() {
    HttpCheck check = CheckRequestMapper.toHttpCheck(request(post().setBody(BODY)));

    assertThat(new String(check.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
  }

  @Test
  void shouldPreferRawBodyWhenEnvoyPacksBytes() {
    byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    HttpCheck check = CheckRequestMapper.toHttpCheck(request(post().setRawBody(ByteString.copyFrom(notUtf8))));

    assertThat(check.body()).containsExactly(notUtf8);
  }

  @Test
  void shouldGiveEmptyBodyWhenThereIsNone() {
    HttpCheck check = CheckRequestMapper.toHttpCheck(request(post()));

    assertThat(check.body()).isEmpty();
  }

  @Test
  void shouldFlagBodyEnvoyTruncated() {
    HttpCheck check = CheckRequestMapper.toHttpCheck(
        request(post().setBody("{\"jsonrpc\"").putHeaders("x-envoy-auth-partial-body", "true")));

    assertThat(check.bodyPartial()).isTrue();
  }

  @Test
  void shouldReadRawHeaderMapLowerCasedAndJoined() {
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
        .setMethod("GET").setPath("/mcp")
        .setHeaderMap(HeaderMap.newBuilder()
            .addHeaders(HeaderValue.newBuilder().setKey("MCP-Session-Id").setRawValue(ByteString.copyFromUtf8("s-9")))
            .addHeaders(HeaderValue.newBuilder().setKey("accept").setValue("text/event-stream"))
            .addHeaders(HeaderValue.newBuilder().setKey("accept").setValue("application/json")));

    HttpCheck check = CheckRequestMapper.toHttpCheck(request(http));

    assertThat(check.headers())
        .containsEntry("mcp-session-id", "s-9")
        .containsEntry("accept", "text/event-stream,application/json");
  }

  @Test
  void shouldStampTimeWhenEnvoySentNone() {
    CheckRequest noTime = CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setRequest(AttributeContext.Request.newBuilder().setHttp(post())))
        .build();

    HttpCheck check = CheckRequestMapper.toHttpCheck(noTime);

    assertThat(check.time()).isBetween(Instant.now().minusSeconds(5), Instant.now());
    assertThat(check.source().address()).isEmpty();
  }
}
