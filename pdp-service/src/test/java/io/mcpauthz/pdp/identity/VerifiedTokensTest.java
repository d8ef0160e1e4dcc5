package io.mcpauthz.pdp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cache answers only while the clock and the key say the token is still good. */
class VerifiedTokensTest {

  private static final long SKEW = 30;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VerifiedTokens tokens = new VerifiedTokens(3, SKEW, clock, registry);
  private final PublicKey key = newKey();

  @Test
  void shouldAnswerUntilExpiryPlusSkewAndNotAfter() {
    tokens.put("a.b.c", verified(key, now(), now() + 60));

    clock.advance(Duration.ofSeconds(60 + SKEW - 1));
    assertThat(tokens.get("a.b.c", key)).isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.get("a.b.c", key)).isNull();
    assertThat(registry.counter("mcp_authz_token_cache", "result", "stale").count()).isEqualTo(1);
  }

  @Test
  void shouldNotAnswerBeforeNotBeforeWhenTheClockWentBack() {
    tokens.put("a.b.c", verified(key, now(), now() + 60));

    clock.advance(Duration.ofSeconds(-SKEW - 1));

    assertThat(tokens.get("a.b.c", key)).isNull();
  }

  @Test
  void shouldAnswerOnlyForTheKeyThatVerifiedIt() {
    tokens.put("a.b.c", verified(key, now(), now() + 60));

    assertThat(tokens.get("a.b.c", newKey())).isNull();
    assertThat(tokens.get("a.b.c", key)).as("a mismatch drops the entry").isNull();
  }

  @Test
  void shouldNeverAnswerForAnotherToken() {
    tokens.put("a.b.c", verified(key, now(), now() + 60));

    assertThat(tokens.get("a.b.d", key)).isNull();
    assertThat(tokens.get("a.b.c", key)).isNotNull();
  }

  @Test
  void shouldStayWithinItsBound() {
    for (int i = 0; i < 100; i++) {
      tokens.put("t." + i + ".s", verified(key, now(), now() + 60));
    }

    assertThat(tokens.size()).isLessThanOrEqualTo(3);
  }

  @Test
  void shouldWeighLargeTokensByTheirSize() {
    String claims = "x".repeat(3 * 1024 - 10); // a 3 KiB token weighs the whole bound of 3
    tokens.put("big.1." + claims, verified(key, now(), now() + 60));
    tokens.put("big.2." + claims, verified(key, now(), now() + 60));

    assertThat(tokens.size()).isLessThanOrEqualTo(1);
  }

  @Test
  void shouldNotKeepATokenAlreadyPastItsValidity() {
    tokens.put("a.b.c", verified(key, now() - 120, now() - 60 - SKEW));

    assertThat(tokens.size()).isZero();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private static VerifiedTokens.Verified verified(PublicKey key, long notBefore, long exp) {
    return new VerifiedTokens.Verified(Subject.ANONYMOUS, Set.of("mcp-authz"), key, notBefore, (exp + SKEW) * 1000);
  }

  private static PublicKey newKey() {
    try {
      return KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
