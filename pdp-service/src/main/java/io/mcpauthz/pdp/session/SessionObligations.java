package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The session part of a decision's obligations: {@code budgets} to reserve, {@code record}
 * (labels and counters of an allowed call), {@code quarantine} rules. Malformed obligations are
 * a malformed decision (fail closed), never skipped.
 */
record SessionObligations(List<Budget> budgets, List<String> labels, List<String> counters,
    List<QuarantineRule> quarantine) {

  static SessionObligations of(JsonNode obligations, int maxEvents) {
    List<Budget> budgets = new ArrayList<>();
    for (JsonNode b : obligations.path("budgets")) {
      Budget budget = new Budget(text(b, "id"), scope(b), text(b, "counter"), Window.parse(text(b, "window")),
          positive(b, "limit"));
      if (!budget.window().total() && budget.limit() > maxEvents) {
        throw malformed("budget " + budget.id() + " has a limit above mcp-authz.session.max-events");
      }
      budgets.add(budget);
    }
    List<QuarantineRule> rules = new ArrayList<>();
    for (JsonNode q : obligations.path("quarantine")) {
      Window lasting = Window.parse(text(q, "for"));
      if (lasting.total()) {
        throw malformed("a quarantine must end");
      }
      rules.add(new QuarantineRule(scope(q), (int) positive(q, "denies"), Window.parse(text(q, "window")), lasting.millis()));
    }
    JsonNode record = obligations.path("record");
    return new SessionObligations(budgets, strings(record.path("labels")), strings(record.path("counters")), rules);
  }

  private static String scope(JsonNode node) {
    String scope = text(node, "scope");
    if (!ScopeKey.known(scope)) {
      throw malformed("unknown scope " + scope);
    }
    return scope;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw malformed("session obligation without " + field);
    }
    return value.asText();
  }

  private static long positive(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
      throw malformed("session obligation " + field + " must be a positive integer");
    }
    return value.asLong();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static DecisionException malformed(String detail) {
    return new DecisionException(ErrorCode.DECISION_MALFORMED, detail);
  }
}
