package io.mcpauthz.pdp.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OPA bundle server as the bundle service API describes it, for tests: serves one bundle
 * with an ETag, answers 304 when {@code If-None-Match} names it, 401 without the expected bearer
 * token, and counts what it answered. It serves files; the PDP polling it is what is tested.
 */
public final class BundleServer {

  public static final String PATH = "/bundles/mcp-authz/bundle-wasm.tar.gz";

  private final int port = Processes.freePort();
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicInteger notModified = new AtomicInteger();
  private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
  private volatile byte[] bundle;
  private volatile String etag;
  private volatile String token;
  private HttpServer server;

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + PATH);
  }

  /** Serves {@code bundle} from now on, with {@code etag} (null: none). */
  public BundleServer publish(byte[] bundle, String etag) {
    this.bundle = bundle;
    this.etag = etag;
    return this;
  }

  /** Answers 401 unless the request carries {@code Authorization: Bearer <token>}. */
  public BundleServer requireToken(String token) {
    this.token = token;
    return this;
  }

  public synchronized BundleServer start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(PATH, this::answer);
    server.start();
    return this;
  }

  /** Stops answering (connections are refused): an outage. {@link #start} serves again on the same port. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** The ETag of the bundle served now. */
  public String etag() {
    return etag;
  }

  public int downloads() {
    return downloads.get();
  }

  public int notModified() {
    return notModified.get();
  }

  /** The {@code If-None-Match} of every request, in order ({@code ""} when absent). */
  public List<String> ifNoneMatch() {
    return List.copyOf(ifNoneMatch);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String match = exchange.getRequestHeaders().getFirst("If-None-Match");
      ifNoneMatch.add(match == null ? "" : match);
      if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = bundle;
      String tag = etag;
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (tag != null) {
        exchange.getResponseHeaders().add("ETag", tag);
      }
      if (tag != null && tag.equals(match)) {
        notModified.incrementAndGet();
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      downloads.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/gzip");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
