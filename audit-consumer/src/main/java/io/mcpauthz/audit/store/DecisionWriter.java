package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Inserts decision events, one transaction per batch. Idempotent: a redelivered decision_id
 * hits the primary key and is skipped ({@code ON CONFLICT DO NOTHING}). Methods are
 * synchronized because the single write connection must not be used by two threads at once.
 */
@ApplicationScoped
public class DecisionWriter {

    static final String INSERT = """
            INSERT INTO decisions (decision_id, time, decision, status, action_class, subject,
                client_id, server, tool, mcp_method, session_id, reasons, event, indexed_at)
            VALUES (?, make_timestamp(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, make_timestamp(?))
            ON CONFLICT DO NOTHING""";

    private final DuckDb db;
    private Connection connection;

    public DecisionWriter(DuckDb db) {
        this.db = db;
    }

    /** Stores the batch atomically; returns how many events were new. */
    public synchronized int insert(List<DecisionEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        Connection conn = connection();
        long indexedAt = micros(Instant.now());
        int inserted = 0;
        try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
            for (DecisionEvent event : events) {
                bind(conn, ps, event, indexedAt);
                inserted += ps.executeUpdate();
            }
            conn.commit();
            return inserted;
        } catch (SQLException | RuntimeException e) {
            rollbackAndReset();
            throw e;
        }
    }

    private static void bind(Connection conn, PreparedStatement ps, DecisionEvent e, long indexedAt)
            throws SQLException {
        ps.setString(1, e.decisionId());
        ps.setLong(2, micros(e.time()));
        ps.setString(3, e.decision());
        ps.setObject(4, e.status());
        ps.setString(5, e.actionClass());
        ps.setString(6, e.subject());
        ps.setString(7, e.clientId());
        ps.setString(8, e.server());
        ps.setString(9, e.tool());
        ps.setString(10, e.mcpMethod());
        ps.setString(11, e.sessionId());
        ps.setArray(12, conn.createArrayOf("VARCHAR", e.reasons().toArray()));
        ps.setString(13, e.json());
        ps.setLong(14, indexedAt);
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = db.connect();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    // After a failure the connection's state is unknown: drop it, the next batch opens anew.
    private void rollbackAndReset() {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is discarded below anyway
        }
        close();
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing on shutdown or after a failure; nothing left to do
            }
            connection = null;
        }
    }
}
