package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Time bucket widths for stats: a whitelist, so the interval literal in SQL is a constant. */
public enum Bucket {
  MINUTE("1m", "1 minute"),
  FIVE_MINUTES("5m", "5 minutes"),
  FIFTEEN_MINUTES("15m", "15 minutes"),
  HOUR("1h", "1 hour"),
  SIX_HOURS("6h", "6 hours"),
  DAY("1d", "1 day"),
  WEEK("7d", "7 days");

  private final String label;
  final String interval;

  Bucket(String label, String interval) {
    this.label = label;
    this.interval = interval;
  }

  public String label() {
    return label;
  }

  public static Bucket parse(String value) {
    for (Bucket b : values()) {
      if (b.label.equals(value)) {
        return b;
      }
    }
    throw new AuditException(ErrorCode.PARAMETER_INVALID, "bucket must be one of " + labels());
  }

  private static String labels() {
    return Arrays.stream(values()).map(Bucket::label).collect(Collectors.joining(", "));
  }
}
