package io.mcpauthz.pdp.identity;

import io.mcpauthz.pdp.metadata.ProtectedResources;
import io.mcpauthz.pdp.upstream.UpstreamSigningBench;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;

/**
 * CPU per call of the token path on one thread, after warm-up: the caller's token verified with
 * and without the verified-token cache (RS256 and ES256 issuer keys), and the upstream signature
 * (ES256 or EdDSA). Not a test: a rerunnable measurement for docs/benchmarks.md. Run from the
 * repository root as {@code ArgumentAnalysisBench} is, with class
 * {@code io.mcpauthz.pdp.identity.TokenPathBench}.
 */
public final class TokenPathBench {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** Calls per run; {@code -Dtoken-path.calls=2000} for a loaded host (JDK 17's P-256 takes ~1 ms a call). */
  private static final int CALLS = Integer.getInteger("token-path.calls", 20_000);

  private TokenPathBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("%-44s %12s %12s%n", "step", "CPU µs/call", "KB/call");
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.RS256, SignatureAlgorithm.ES256}) {
      PublicJsonWebKey key = alg == SignatureAlgorithm.RS256 ? RsaJwkGenerator.generateJwk(2048)
          : EcJwkGenerator.generateJwk(EllipticCurves.P256);
      key.setKeyId("bench");
      String token = "Bearer " + Jwt.issuer("https://idp.bench").audience("mcp-authz").subject("alice")
          .claim("roles", java.util.List.of("dev")).expiresIn(3600).jws().algorithm(alg).keyId("bench")
          .sign(key.getPrivateKey());
      for (boolean cached : new boolean[] {false, true}) {
        TokenVerifier verifier = verifier(key, cached);
        report("caller token " + alg + (cached ? ", cached" : ", verified each call"),
            () -> verifier.verify(token, null));
      }
    }
    UpstreamSigningBench.run(TokenPathBench::report);
  }

  /** Prints the best of three runs of {@link #CALLS} calls, and the heap allocated per call. */
  public static void report(String step, Supplier<?> call) {
    for (int i = 0; i < CALLS; i++) {
      call.get();
    }
    double best = Double.MAX_VALUE;
    double allocated = 0;
    for (int run = 0; run < 3; run++) {
      long start = THREADS.getCurrentThreadCpuTime();
      long bytes = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < CALLS; i++) {
        call.get();
      }
      best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / 1_000.0 / CALLS);
      allocated = (THREADS.getCurrentThreadAllocatedBytes() - bytes) / 1_024.0 / CALLS;
    }
    System.out.printf("%-44s %12.1f %12.1f%n", step, best, allocated);
  }

  private static TokenVerifier verifier(PublicJsonWebKey key, boolean cached) {
    JWTAuthContextInfo expected = new JWTAuthContextInfo();
    expected.setIssuedBy("https://idp.bench");
    expected.setExpectedAudience(Set.of("mcp-authz"));
    expected.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
    expected.setClockSkew(30);
    expected.setMaxTimeToLiveSecs(86400L);
    IssuerKeys keys = new IssuerKeys(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), Duration.ofHours(1),
        Duration.ofMinutes(1), Clock.systemUTC());
    VerifiedTokens cache = cached ? new VerifiedTokens(10_000, 30, Clock.systemUTC(), new SimpleMeterRegistry()) : null;
    return new TokenVerifier(new DefaultJWTParser(expected), expected, keys,
        new SubjectClaims(SubjectClaimsTest.DEFAULTS), new ProtectedResources(Map::of), cache);
  }
}
