package io.mcpauthz.audit.store;

/**
 * The {@code decisions} table as versions before day partitions created it (one table, the
 * decision_id alone as key), for the tests and the bench that check it keeps working.
 */
public final class PostgresLegacy {

  public static final String TABLE = """
      CREATE TABLE decisions (
          decision_id  TEXT PRIMARY KEY,
          time         TIMESTAMP NOT NULL,
          decision     TEXT,
          status       INTEGER,
          action_class TEXT,
          subject      TEXT,
          client_id    TEXT,
          server       TEXT,
          tool         TEXT,
          mcp_method   TEXT,
          session_id   TEXT,
          reasons      TEXT[] NOT NULL,
          event        TEXT NOT NULL,
          indexed_at   TIMESTAMP NOT NULL,
          search_text  TEXT
      )""";

  private PostgresLegacy() {
  }
}
