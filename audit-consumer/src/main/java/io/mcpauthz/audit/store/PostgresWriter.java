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
 * one round trip. {@code ON CONFLICT DO NOTHING} skips decision_ids already stored, also when
 * another replica stores the same event concurrently; its update count is the number of new rows.
 */
public class PostgresWriter implements DecisionWriter {

    static final String INSERT = """
            INSERT INTO decisions (decision_id, time, decision, status, action_class, subject, client_id,
                server, tool, mcp_method, session_id, reasons, event, indexed_at)
            SELECT id, make_timestamp(t), decision, status, action_class, subject, client_id, server, tool,
                mcp_method, session_id, ARRAY(SELECT jsonb_array_elements_text(reasons::jsonb)), event,
                make_timestamp(?)
            FROM unnest(?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS batch(id, t, decision, status, action_class, subject, client_id, server, tool, mcp_method,
                    session_id, reasons, event)
            ON CONFLICT (decision_id) DO NOTHING""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Function<DecisionEvent, String>> TEXT_COLUMNS = List.of(
            DecisionEvent::actionClass, DecisionEvent::subject, DecisionEvent::clientId, DecisionEvent::server,
            DecisionEvent::tool, DecisionEvent::mcpMethod, DecisionEvent::sessionId);

    private final Postgres db;
    private Connection connection;

    public PostgresWriter(Postgres db) {
        this.db = db;
    }

    @Override
    public synchronized int insert(List<DecisionEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        List<DecisionEvent> unique = firstCopies(events);
        Connection conn = connection();
        try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
            ps.setLong(1, DecisionWriter.micros(Instant.now()));
            int i = 2;
            ps.setArray(i++, conn.createArrayOf("text", column(unique, DecisionEvent::decisionId)));
            ps.setArray(i++, conn.createArrayOf("bigint", unique.stream().map(e -> DecisionWriter.micros(e.time()))
                    .toArray()));
            ps.setArray(i++, conn.createArrayOf("text", column(unique, DecisionEvent::decision)));
            ps.setArray(i++, conn.createArrayOf("integer", unique.stream().map(DecisionEvent::status).toArray()));
            for (Function<DecisionEvent, String> field : TEXT_COLUMNS) {
                ps.setArray(i++, conn.createArrayOf("text", column(unique, field)));
            }
            ps.setArray(i++, conn.createArrayOf("text", column(unique, e -> reasonsJson(e.reasons()))));
            ps.setArray(i, conn.createArrayOf("text", column(unique, DecisionEvent::json)));
            int inserted = ps.executeUpdate();
            conn.commit();
            return inserted;
        } catch (SQLException | RuntimeException e) {
            reset();
            throw e;
        }
    }

    private static List<DecisionEvent> firstCopies(List<DecisionEvent> events) {
        Set<String> seen = new HashSet<>();
        List<DecisionEvent> unique = new ArrayList<>(events.size());
        for (DecisionEvent e : events) {
            if (seen.add(e.decisionId())) {
                unique.add(e);
            }
        }
        return unique;
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

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection conn = db.connect();
            conn.setAutoCommit(false);
            connection = conn;
        }
        return connection;
    }

    private void reset() {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // discarded below
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after a failure or on shutdown
            }
            connection = null;
        }
    }
}
