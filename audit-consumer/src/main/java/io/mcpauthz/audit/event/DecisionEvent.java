package io.mcpauthz.audit.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A decision event as indexed: the queryable fields picked out of the JSON, plus the JSON
 * text exactly as published. Only {@code decisionId}, {@code time} and {@code json} are
 * guaranteed; the other fields are null when the event lacks them.
 */
public record DecisionEvent(
    String decisionId,
    Instant time,
    String decision,
    Integer status,
    String actionClass,
    String subject,
    String clientId,
    String server,
    String tool,
    String mcpMethod,
    String sessionId,
    List<String> reasons,
    String json) {

  public DecisionEvent {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(json, "json");
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** The text free-text search reads ({@link SearchText}); computed on each call, by the writer. */
  public String searchText() {
    return SearchText.of(json);
  }
}
