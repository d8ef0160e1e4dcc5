package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.decision.DecisionIds;
import io.mcpauthz.pdp.event.DecisionEvents;
import java.time.Instant;
import io.mcpauthz.pdp.identity.Subject;

/** An operator's release as a {@code mcp-authz.decision/v1} event (decision {@code release}, docs/events.md). */
final class ReleaseEvents {

  private ReleaseEvents() {}

  static ObjectNode build(ScopeKey key, boolean released, Subject operator) {
    ObjectNode event = JsonNodeFactory.instance.objectNode()
        .put("schema", DecisionEvents.SCHEMA)
        .put("decision_id", DecisionIds.next())
        .put("time", Instant.now().toString())
        .put("decision", "release")
        .put("status", 200)
        .put("action_class", "operator");
    event.putArray("reasons").addObject()
        .put("code", released ? "quarantine_released" : "nothing_to_release")
        .put("message", "operator " + operator.sub() + " released the " + key.scope() + " " + key.key());
    ObjectNode subject = event.putObject("subject").put("sub", operator.sub()).put("iss", operator.iss())
        .put("client_id", operator.clientId());
    operator.roles().forEach(subject.putArray("roles")::add);
    event.putObject("route").putNull("server");
    event.putObject("mcp").putNull("session_id").putNull("method");
    event.putObject("session").putObject(key.scope()).put("key", key.key());
    event.putObject("policy").putNull("revision");
    return event;
  }
}
