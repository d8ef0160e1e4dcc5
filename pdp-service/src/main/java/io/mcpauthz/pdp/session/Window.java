package io.mcpauthz.pdp.session;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sliding window named as the policy data names it: {@code 30s}, {@code 1m}, {@code 10m},
 * {@code 1h}, {@code 24h} (Go duration units, as Rego's {@code time.parse_duration_ns}), or
 * {@code total} for the whole remembered history.
 */
public record Window(String name, long millis) {

  public static final String TOTAL = "total";

  /** A total budget has no window to wait for: retry after an hour, as the policy says. */
  static final long TOTAL_RETRY_SECONDS = 3600;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h)");

  public boolean total() {
    return millis == Long.MAX_VALUE;
  }

  /** Seconds until a call at the limit may be retried, when the oldest counted call was at {@code oldest}. */
  long retryAfterSeconds(long oldest, long now) {
    if (total()) {
      return TOTAL_RETRY_SECONDS;
    }
    return Math.max(1, (oldest + millis - now + 999) / 1000);
  }

  /** @throws DecisionException decision_malformed for a name that is no window */
  public static Window parse(String name) {
    if (TOTAL.equals(name)) {
      return new Window(TOTAL, Long.MAX_VALUE);
    }
    Matcher m = name == null ? null : DURATION.matcher(name);
    if (m == null || !m.matches()) {
      throw new DecisionException(ErrorCode.DECISION_MALFORMED, "not a window: " + name);
    }
    long unit = switch (m.group(2)) {
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      default -> 3_600_000L;
    };
    return new Window(name, Long.parseLong(m.group(1)) * unit);
  }
}
