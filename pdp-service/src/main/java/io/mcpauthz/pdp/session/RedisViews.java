package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Between the Redis scripts' JSON (times in epoch ms) and the view the policy sees (docs/input.md). */
final class RedisViews {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RedisViews() {}

  static String recentJson(CallRecord call) {
    return JSON.objectNode().put("time", call.time()).put("decision_id", call.decisionId()).put("tool", call.tool())
        .put("class", call.actionClass()).put("decision", call.allowed() ? "allow" : "deny").toString();
  }

  static String markJson(CallRecord call) {
    return JSON.objectNode().put("decision_id", call.decisionId()).put("time", call.time()).put("tool", call.tool())
        .toString();
  }

  static ObjectNode view(ScopeKey key, JsonNode raw, List<Window> windows, long now) {
    ObjectNode view = JSON.objectNode().put("available", true)
        .put("key", key.key()).put("key_source", key.source())
        .put("first_seen", IsoTime.of(raw.path("first").asLong()))
        .put("last_seen", IsoTime.of(raw.path("last").asLong()));
    ObjectNode counters = view.putObject("counters");
    for (Map.Entry<String, JsonNode> counter : raw.path("counters").properties()) {
      counters.set(counter.getKey(), counts(counter.getValue(), windows));
    }
    ObjectNode labels = view.putObject("labels");
    for (Map.Entry<String, JsonNode> label : raw.path("labels").properties()) {
      labels.set(label.getKey(), withIsoTime(label.getValue()));
    }
    view.putArray("recent");
    if (raw.path("recent").isArray()) { // an empty Lua table encodes as {}
      raw.path("recent").forEach(call -> view.withArray("recent").add(withIsoTime(call)));
    }
    view.set("denies", counts(raw.path("denies"), windows));
    long until = raw.path("q_until").asLong(0);
    ObjectNode quarantine = view.putObject("quarantine").put("active", until > now);
    if (until > now) {
      quarantine.put("until", IsoTime.of(until)).put("reason", raw.path("q_reason").asText())
          .put("decision_id", raw.path("q_decision").asText());
    }
    return view;
  }

  private static ObjectNode counts(JsonNode raw, List<Window> windows) {
    ObjectNode counts = JSON.objectNode();
    windows.forEach(w -> counts.put(w.name(), raw.path(w.name()).asLong(0)));
    return counts;
  }

  private static ObjectNode withIsoTime(JsonNode entry) {
    ObjectNode copy = entry.deepCopy();
    return copy.put("time", IsoTime.of(entry.path("time").asLong()));
  }
}
