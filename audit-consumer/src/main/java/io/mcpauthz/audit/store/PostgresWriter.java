package io.mcpauthz.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Inserts decision events into PostgreSQL, one statement and transaction per batch: each column
 * travels as one array parameter and {@code unnest} turns them back into rows, so a batch costs
 * one round trip. {@code ON CONFLICT DO NOTHING} skips events already stored (the key: decision_id,
 * and on a table partitioned by day also the time, which a replayed event repeats), also when
 * another replica stores the same event concurrently; its update count is the number of new rows.
 * Before a batch with a day it has not seen, the day's partition and the next one are created
 * in a short transaction of their own (the next one so that midnight finds it ready).
 */
public class PostgresWriter extends TransactionalWriter {

  static final String INSERT = """
          INSERT INTO decisions (decision_id, time, decision, status, action_class, subject, client_id,
              server, tool, mcp_method, session_id, reasons, event, indexed_at, search_text)
          SELECT id, make_timestamp(t), decision, status, action_class, subject, client_id, server, tool,
              mcp_method, session_id, ARRAY(SELECT jsonb_array_elements_text(reasons::jsonb)), event,
              make_timestamp(?), search_text
          FROM unnest(?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
              AS batch(id, t, decision, status, action_class, subject, client_id, server, tool, mcp_method,
                  session_id, reasons, event, search_text)
          ON CONFLICT DO NOTHING""";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Function<DecisionEvent, String>> TEXT_COLUMNS = List.of(
      DecisionEvent::actionClass, DecisionEvent::subject, DecisionEvent::clientId, DecisionEvent::server,
      DecisionEvent::tool, DecisionEvent::mcpMethod, DecisionEvent::sessionId);

  private final Postgres db;
  private final Set<Long> days = new HashSet<>(); // day starts whose partitions exist

  public PostgresWriter(Postgres db) {
    this.db = db;
  }

  @Override
  protected Connection open() throws SQLException {
    days.clear(); // after a failure: a sweep may have dropped a day since
    return db.connect();
  }

  @Override
  protected int write(Connection conn, List<DecisionEvent> distinct) throws SQLException {
    if (db.partitioned()) {
      createPartitions(conn, distinct);
    }
    try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
      ps.setLong(1, DecisionWriter.micros(Instant.now()));
      int i = 2;
      ps.setArray(i++, conn.createArrayOf("text", column(distinct, DecisionEvent::decisionId)));
      ps.setArray(i++, conn.createArrayOf("bigint", distinct.stream().map(e -> DecisionWriter.micros(e.time()))
          .toArray()));
      ps.setArray(i++, conn.createArrayOf("text", column(distinct, DecisionEvent::decision)));
      ps.setArray(i++, conn.createArrayOf("integer", distinct.stream().map(DecisionEvent::status).toArray()));
      for (Function<DecisionEvent, String> field : TEXT_COLUMNS) {
        ps.setArray(i++, conn.createArrayOf("text", column(distinct, field)));
      }
      ps.setArray(i++, conn.createArrayOf("text", column(distinct, e -> reasonsJson(e.reasons()))));
      ps.setArray(i++, conn.createArrayOf("text", column(distinct, DecisionEvent::json)));
      ps.setArray(i, conn.createArrayOf("text", column(distinct, DecisionEvent::searchText)));
      return ps.executeUpdate();
    }
  }

  private void createPartitions(Connection conn, List<DecisionEvent> events) throws SQLException {
    List<Long> missing = new ArrayList<>();
    for (DecisionEvent e : events) {
      long day = Partitions.dayStart(DecisionWriter.micros(e.time()));
      for (long d : new long[] {day, day + Partitions.MICROS_PER_DAY}) {
        if (!days.contains(d) && !missing.contains(d)) {
          missing.add(d);
        }
      }
    }
    if (!missing.isEmpty()) {
      Partitions.create(conn, missing);
      days.addAll(missing);
    }
  }

  private static Object[] column(List<DecisionEvent> events, Function<DecisionEvent, String> f) {
    return events.stream().map(f).map(PostgresWriter::text).toArray();
  }

  /**
   * PostgreSQL text cannot hold U+0000, which a JSON string may carry escaped (a tool name
   * "a\u0000b"): stored as U+FFFD instead of refusing the event. The event column keeps its
   * escape as published.
   */
  static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  private static String reasonsJson(List<String> reasons) {
    try {
      return JSON.writeValueAsString(reasons.stream().map(PostgresWriter::text).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
