package io.mcpauthz.pdp.upstream;

import java.time.Duration;
import java.util.Optional;

/** An {@link UpstreamConfig} for unit tests: the record's accessors are the config's methods. */
public record TestUpstreamConfig(String issuer, Duration lifetime, String header, String algorithm,
    Optional<String> signingKeyLocation)
    implements UpstreamConfig {

  public static TestUpstreamConfig withHeader(String header) {
    return new TestUpstreamConfig("https://pdp.test", Duration.ofSeconds(30), header, "ES256", Optional.empty());
  }
}
