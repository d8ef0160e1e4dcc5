package io.mcpauthz.pep;

import com.google.protobuf.Timestamp;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.mcpauthz.pep.port.Caller;
import io.mcpauthz.pep.port.HttpCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Turns Envoy's {@link CheckRequest} into the neutral {@link HttpCheck}. */
public final class CheckRequestMapper {

  /** Envoy sets this when {@code allow_partial_message} cut the body at {@code max_request_bytes}. */
  static final String PARTIAL_BODY_HEADER = "x-envoy-auth-partial-body";

  private static final byte[] NO_BODY = new byte[0];

  private CheckRequestMapper() {}

  /** A Check whose sender is unknown (no TLS client certificate) and that set no deadline. */
  public static HttpCheck toHttpCheck(CheckRequest request) {
    return toHttpCheck(request, Caller.NONE, null);
  }

  /**
   * @param caller   the identity the gRPC connection's TLS proved
   * @param timeLeft what remains of the gRPC deadline Envoy sent ({@code grpc-timeout}), or null
   */
  public static HttpCheck toHttpCheck(CheckRequest request, Caller caller, Duration timeLeft) {
    AttributeContext attributes = request.getAttributes();
    AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
    Map<String, String> headers = headers(http);
    AttributeContext.Peer source = attributes.getSource();
    return new HttpCheck(
        http.getId(),
        time(attributes.getRequest().getTime()),
        http.getMethod(),
        http.getPath(),
        http.getHost(),
        http.getScheme(),
        http.getProtocol(),
        headers,
        body(http),
        "true".equalsIgnoreCase(headers.get(PARTIAL_BODY_HEADER)),
        new HttpCheck.Peer(
            source.getAddress().getSocketAddress().getAddress(),
            source.getAddress().getSocketAddress().getPortValue(),
            source.getPrincipal()),
        attributes.getContextExtensionsMap(),
        caller,
        timeLeft);
  }

  /**
   * What is safe to take from a request {@link #toHttpCheck} could not map: plain fields only,
   * no headers (so no credential) and no body; enough to record the refusal.
   */
  public static HttpCheck toMinimalHttpCheck(CheckRequest request, Caller caller) {
    AttributeContext attributes = request.getAttributes();
    AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
    AttributeContext.Peer source = attributes.getSource();
    return new HttpCheck(http.getId(), Instant.now(), http.getMethod(), http.getPath(), http.getHost(),
        http.getScheme(), http.getProtocol(), Map.of(), NO_BODY, false,
        new HttpCheck.Peer(source.getAddress().getSocketAddress().getAddress(),
            source.getAddress().getSocketAddress().getPortValue(), source.getPrincipal()),
        attributes.getContextExtensionsMap(), caller);
  }

  /** Envoy sends either the {@code headers} map or, with {@code encode_raw_headers}, the header map. */
  private static Map<String, String> headers(AttributeContext.HttpRequest http) {
    if (!http.hasHeaderMap()) {
      return http.getHeadersMap();
    }
    Map<String, String> headers = new HashMap<>();
    for (HeaderValue header : http.getHeaderMap().getHeadersList()) {
      String value = header.getRawValue().isEmpty() ? header.getValue() : header.getRawValue().toStringUtf8();
      headers.merge(header.getKey().toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
    }
    return headers;
  }

  /** {@code raw_body} when Envoy packs bytes ({@code pack_as_bytes}), else the UTF-8 {@code body}. */
  private static byte[] body(AttributeContext.HttpRequest http) {
    if (!http.getRawBody().isEmpty()) {
      return http.getRawBody().toByteArray();
    }
    if (!http.getBody().isEmpty()) {
      return http.getBody().getBytes(StandardCharsets.UTF_8);
    }
    return NO_BODY;
  }

  private static Instant time(Timestamp time) {
    if (time.getSeconds() == 0 && time.getNanos() == 0) {
      return Instant.now();
    }
    return Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
  }
}
