package io.mcpauthz.audit.store;

import java.time.Instant;

/**
 * What a query selects; every field is optional (null = no constraint). {@code from} is
 * inclusive, {@code to} exclusive; {@code text} is a case-insensitive substring of one of the
 * event's values ({@link io.mcpauthz.audit.event.SearchText}).
 */
public record DecisionFilter(
    String subject,
    String clientId,
    String server,
    String tool,
    String decision,
    String actionClass,
    String reason,
    String sessionId,
    Instant from,
    Instant to,
    String text) {

  public static final DecisionFilter ALL =
      new DecisionFilter(null, null, null, null, null, null, null, null, null, null, null);

  public static DecisionFilter session(String sessionId) {
    return new DecisionFilter(null, null, null, null, null, null, null, sessionId, null, null, null);
  }
}
