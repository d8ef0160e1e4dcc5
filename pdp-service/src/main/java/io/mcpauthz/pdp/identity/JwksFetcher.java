package io.mcpauthz.pdp.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Fetches a JWK Set without blocking the caller: the JDK client runs the exchange on its own
 * threads. TLS trust is the JVM's ({@code javax.net.ssl.trustStore}); proxies are the JVM's
 * ({@code https.proxyHost}). Redirects are not followed: the configured URL is the trust anchor.
 */
final class JwksFetcher {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_BYTES = 512 * 1024;

  private final URI url;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  JwksFetcher(URI url) {
    this.url = url;
  }

  /** Never throws: every failure is in the returned future. */
  CompletableFuture<List<PublicJsonWebKey>> fetch() {
    CompletableFuture<HttpResponse<String>> exchange;
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
          .header("accept", "application/jwk-set+json, application/json").GET().build();
      exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return exchange.thenApply(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("JWKS answered HTTP " + response.statusCode());
      }
      if (response.body().length() > MAX_BYTES) {
        throw new IllegalStateException("JWKS larger than " + MAX_BYTES + " bytes");
      }
      return KeyMaterial.parse(response.body());
    });
  }
}
