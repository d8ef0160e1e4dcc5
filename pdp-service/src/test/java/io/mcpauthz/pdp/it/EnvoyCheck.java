package io.mcpauthz.pdp.it;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/** Builds CheckRequests exactly as Envoy's ext_authz filter sends them, and sends them over gRPC. */
public final class EnvoyCheck {

  private final AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
      .setId("envoy-req-1").setMethod("POST").setPath("/mcp").setHost("mcp.example.com")
      .setScheme("https").setProtocol("HTTP/1.1")
      .putHeaders("content-type", "application/json")
      .putHeaders("accept", "application/json, text/event-stream")
      .putHeaders("user-agent", "test-agent/1.0");
  private String server = "github";
  private String sourceAddress = "127.0.0.1";
  private boolean packAsBytes;
  private long timeSeconds;

  public static EnvoyCheck post(String body) {
    EnvoyCheck check = new EnvoyCheck();
    check.http.setBody(body);
    return check;
  }

  public static EnvoyCheck toolCall(int id, String tool, String argumentsJson) {
    return post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool + "\",\"arguments\":" + argumentsJson + "}}");
  }

  public EnvoyCheck method(String method) {
    http.setMethod(method);
    return this;
  }

  /** The path as Envoy reports it: with the query string. */
  public EnvoyCheck path(String path) {
    http.setPath(path);
    return this;
  }

  public EnvoyCheck header(String name, String value) {
    http.putHeaders(name, value);
    return this;
  }

  public EnvoyCheck bearer(String token) {
    return header("authorization", "Bearer " + token);
  }

  public EnvoyCheck server(String server) {
    this.server = server;
    return this;
  }

  public EnvoyCheck source(String address) {
    this.sourceAddress = address;
    return this;
  }

  /** The request's arrival time as Envoy stamps it, in epoch seconds (default: none, i.e. now). */
  public EnvoyCheck time(long epochSeconds) {
    this.timeSeconds = epochSeconds;
    return this;
  }

  /** As with {@code with_request_body.pack_as_bytes: true}: the body travels in {@code raw_body}. */
  public EnvoyCheck packAsBytes() {
    this.packAsBytes = true;
    return this;
  }

  public CheckRequest build() {
    if (packAsBytes) {
      http.setRawBody(ByteString.copyFrom(http.getBody(), StandardCharsets.UTF_8)).clearBody();
    }
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(sourceAddress).setPortValue(50123))))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http)
                .setTime(Timestamp.newBuilder().setSeconds(timeSeconds)))
            .putContextExtensions("mcp_server", server))
        .build();
  }

  /** Sends to the PDP under test (its gRPC test port), in plaintext. */
  public CheckResponse send() {
    return send(Duration.ofSeconds(10));
  }

  /** Sends with this gRPC deadline, as Envoy does with its ext_authz {@code timeout}. */
  public CheckResponse send(Duration deadline) {
    return send(ManagedChannelBuilder.forAddress("127.0.0.1", testPort()).usePlaintext().build(), deadline);
  }

  /** Sends over {@code channel}, then closes it. */
  public CheckResponse send(ManagedChannel channel) {
    return send(channel, Duration.ofSeconds(10));
  }

  private CheckResponse send(ManagedChannel channel, Duration deadline) {
    try {
      return AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .check(build());
    } finally {
      channel.shutdownNow();
    }
  }

  static int testPort() {
    return ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
  }
}
