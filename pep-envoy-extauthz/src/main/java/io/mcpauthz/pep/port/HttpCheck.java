package io.mcpauthz.pep.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One HTTP request as the proxy saw it, free of any proxy's API types.
 *
 * @param requestId   the proxy's request id ({@code x-request-id}), may be empty
 * @param time        when the proxy received the request
 * @param headers     lower-case names; repeated headers joined with {@code ","}
 * @param body        the body bytes as forwarded by the proxy (empty when none)
 * @param bodyPartial true when the proxy cut the body at its size limit
 * @param context     per-route settings from the proxy (e.g. {@code mcp_server})
 * @param caller      the proxy itself, as its TLS client certificate proves it
 * @param timeLeft    how long the proxy waits for the answer from now (its gRPC deadline), or
 *     null when it set none
 */
public record HttpCheck(
    String requestId,
    Instant time,
    String method,
    String path,
    String host,
    String scheme,
    String protocol,
    Map<String, String> headers,
    byte[] body,
    boolean bodyPartial,
    Peer source,
    Map<String, String> context,
    Caller caller,
    Duration timeLeft) {

  /** A check from an unidentified caller ({@link Caller#NONE}) that set no deadline. */
  public HttpCheck(String requestId, Instant time, String method, String path, String host, String scheme,
      String protocol, Map<String, String> headers, byte[] body, boolean bodyPartial, Peer source,
      Map<String, String> context) {
    this(requestId, time, method, path, host, scheme, protocol, headers, body, bodyPartial, source, context,
        Caller.NONE, null);
  }

  /** A check that set no deadline. */
  public HttpCheck(String requestId, Instant time, String method, String path, String host, String scheme,
      String protocol, Map<String, String> headers, byte[] body, boolean bodyPartial, Peer source,
      Map<String, String> context, Caller caller) {
    this(requestId, time, method, path, host, scheme, protocol, headers, body, bodyPartial, source, context,
        caller, null);
  }

  /** The same request seen with other headers and path (credentials removed at the door). */
  public HttpCheck with(String newPath, Map<String, String> newHeaders) {
    return new HttpCheck(requestId, time, method, newPath, host, scheme, protocol, newHeaders, body, bodyPartial,
        source, context, caller, timeLeft);
  }

  /** The value of a header, or null. Names are lower case. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The network peer that sent the request. */
  public record Peer(String address, int port, String principal) {}
}
