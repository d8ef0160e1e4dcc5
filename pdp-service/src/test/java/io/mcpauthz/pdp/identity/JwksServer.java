package io.mcpauthz.pdp.identity;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/** A test IdP's {@code jwks_uri}: serves the keys it is given, counts fetches, can fail on demand. */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile String jwks = "{\"keys\":[]}";
  private volatile int status = 200;

  JwksServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/jwk-set+json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  /** Publishes exactly these keys (public parts only). */
  void publish(List<? extends JsonWebKey> keys) {
    jwks = new JsonWebKeySet(List.copyOf(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    status = 200;
  }

  void fail() {
    status = 500;
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
