package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The session facts a decision event carries (docs/events.md): which histories, the labels
 * held with the decision that brought each (so an analyst sees which earlier call made this
 * one dangerous), quarantine, and each budget's count before the call.
 */
final class SessionFacts {

  private SessionFacts() {}

  static ObjectNode of(Scopes scopes, JsonNode input, SessionObligations obligations, boolean allowed) {
    ObjectNode facts = JsonNodeFactory.instance.objectNode();
    for (ScopeKey key : scopes.present()) {
      JsonNode view = input.path(key.scope());
      ObjectNode scope = facts.putObject(key.scope())
          .put("key", key.key()).put("key_source", key.source())
          .put("available", view.path("available").asBoolean(false));
      scope.set("labels", view.path("labels").isObject() ? view.path("labels") : JsonNodeFactory.instance.objectNode());
      scope.set("quarantine", view.path("quarantine").isObject() ? view.path("quarantine")
          : JsonNodeFactory.instance.objectNode().put("active", false));
    }
    for (Budget budget : obligations.budgets()) {
      facts.withArray("budgets").addObject()
          .put("id", budget.id()).put("scope", budget.scope()).put("counter", budget.counter())
          .put("window", budget.window().name()).put("limit", budget.limit())
          .put("used", input.path(budget.scope()).path("counters").path(budget.counter()).path(budget.window().name()).asLong(0));
    }
    if (allowed) {
      obligations.labels().forEach(facts.withArray("recorded_labels")::add);
    }
    return facts;
  }
}
