package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.SearchText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the conditions of a WHERE clause. Column names come from this package's constants;
 * user values only ever become {@code ?} parameters.
 */
final class Where {

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();

  static Where of(DecisionFilter filter) {
    Where where = new Where()
        .eq("subject", filter.subject())
        .eq("client_id", filter.clientId())
        .eq("server", filter.server())
        .eq("tool", filter.tool())
        .eq("decision", filter.decision())
        .eq("action_class", filter.actionClass())
        .eq("session_id", filter.sessionId());
    if (filter.reason() != null) {
      where.add("list_contains(reasons, ?)", filter.reason());
    }
    if (filter.from() != null) {
      where.add("time >= make_timestamp(?)", DecisionWriter.micros(filter.from()));
    }
    if (filter.to() != null) {
      where.add("time < make_timestamp(?)", DecisionWriter.micros(filter.to()));
    }
    if (filter.text() != null) {
      // The event's values, lower-cased at ingest (SearchText). contains() rather than LIKE: no
      // wildcards in the user's text to escape (PostgreSQL's contains() escapes them itself).
      where.add("contains(search_text, ?)", SearchText.normalize(filter.text()));
    }
    return where;
  }

  Where after(Cursor cursor, SortOrder order) {
    if (cursor != null) {
      String op = order.after;
      conditions.add("(time " + op + " make_timestamp(?) OR (time = make_timestamp(?) AND decision_id "
          + op + " ?))");
      params.add(cursor.timeMicros());
      params.add(cursor.timeMicros());
      params.add(cursor.decisionId());
    }
    return this;
  }

  private Where eq(String column, String value) {
    return value == null ? this : add(column + " = ?", value);
  }

  private Where add(String condition, Object param) {
    conditions.add(condition);
    params.add(param);
    return this;
  }

  String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  List<Object> params() {
    return params;
  }
}
