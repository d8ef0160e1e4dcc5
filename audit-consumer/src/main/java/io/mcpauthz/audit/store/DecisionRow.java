package io.mcpauthz.audit.store;

import java.util.List;

/** One stored decision: its indexed columns and the event JSON as published. */
public record DecisionRow(
    String decisionId,
    long timeMicros,
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
    String event) {

  public Cursor cursor() {
    return new Cursor(timeMicros, decisionId);
  }
}
