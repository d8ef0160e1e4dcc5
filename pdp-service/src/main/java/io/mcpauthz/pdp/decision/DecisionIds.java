package io.mcpauthz.pdp.decision;

import java.time.Clock;
import java.util.UUID;

/**
 * Decision ids as time-ordered UUIDs (version 7, RFC 9562): the millisecond of the decision
 * first, so that ids made at about the same time sort together as text. The audit index finds a
 * decision by id from the min/max its blocks keep per column, which prunes only when ids follow
 * time. The other 74 bits are random, from {@link UUID#randomUUID()} (a SecureRandom), as before.
 */
public final class DecisionIds {

  private DecisionIds() {
  }

  public static String next() {
    return of(Clock.systemUTC().millis(), UUID.randomUUID()).toString();
  }

  /** The random UUID's bits under the millisecond and version 7; the variant bits are kept (RFC 4122's 10). */
  static UUID of(long epochMillis, UUID random) {
    long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
    return new UUID(high, random.getLeastSignificantBits());
  }
}
