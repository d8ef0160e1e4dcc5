package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Inserts decision events into DuckDB, one transaction per batch. DuckDB pays a high fixed cost per
 * statement, so a batch is not inserted row by row: its rows go through DuckDB's appender into a
 * connection-private staging table, and one {@code INSERT … SELECT … ON CONFLICT DO NOTHING}
 * moves them into {@code decisions}. Idempotent: a decision_id already stored hits the primary
 * key and is skipped.
 */
public class DuckDbWriter extends TransactionalWriter {

    static final String STAGING_TABLE = "decisions_staging";

    // Temp tables live in the connection (catalog "temp"): each write connection has its own.
    static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS decisions_staging (decision_id VARCHAR, time TIMESTAMP,
                decision VARCHAR, status INTEGER, action_class VARCHAR, subject VARCHAR, client_id VARCHAR,
                server VARCHAR, tool VARCHAR, mcp_method VARCHAR, session_id VARCHAR, reasons VARCHAR[],
                event VARCHAR, indexed_at TIMESTAMP)""";

    static final String CLEAR_STAGING = "DELETE FROM decisions_staging";

    // The update count is the number of rows that were new. Executed afresh for every batch, not
    // prepared once: duckdb_jdbc 1.5.5.1 fails it ("Invalid unicode … in value construction")
    // when it was prepared before the staging table was filled.
    static final String MOVE_STAGED = """
            INSERT INTO decisions (decision_id, time, decision, status, action_class, subject,
                client_id, server, tool, mcp_method, session_id, reasons, event, indexed_at)
            SELECT decision_id, time, decision, status, action_class, subject,
                client_id, server, tool, mcp_method, session_id, reasons, event, indexed_at
            FROM decisions_staging
            ON CONFLICT DO NOTHING""";

    private final DuckDb db;

    public DuckDbWriter(DuckDb db) {
        this.db = db;
    }

    @Override
    protected Connection open() throws SQLException {
        DuckDBConnection conn = db.connect().unwrap(DuckDBConnection.class);
        try (Statement statement = conn.createStatement()) {
            statement.execute(CREATE_STAGING);
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        return conn;
    }

    @Override
    protected int write(Connection conn, List<DecisionEvent> distinct) throws SQLException {
        try (Statement statement = conn.createStatement()) {
            // First, because the JDBC driver opens the transaction with the first statement, and
            // the appender joins an open transaction (without one it would commit on its own).
            statement.execute(CLEAR_STAGING);
            stage(conn.unwrap(DuckDBConnection.class), distinct, DecisionWriter.micros(Instant.now()));
            int inserted = statement.executeUpdate(MOVE_STAGED);
            statement.execute(CLEAR_STAGING);
            return inserted;
        }
    }

    private static void stage(DuckDBConnection conn, List<DecisionEvent> events, long indexedAt)
            throws SQLException {
        try (DuckDBAppender appender = conn.createAppender("temp", "main", STAGING_TABLE)) {
            for (DecisionEvent e : events) {
                appender.beginRow()
                        .append(e.decisionId())
                        .appendEpochMicros(DecisionWriter.micros(e.time()))
                        .append(e.decision())
                        .append(e.status())
                        .append(e.actionClass())
                        .append(e.subject())
                        .append(e.clientId())
                        .append(e.server())
                        .append(e.tool())
                        .append(e.mcpMethod())
                        .append(e.sessionId())
                        .append(e.reasons())
                        .append(e.json())
                        .appendEpochMicros(indexedAt)
                        .endRow();
            }
        } // close() flushes the rows into the staging table
    }
}
