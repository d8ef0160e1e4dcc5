package io.mcpauthz.audit.store;

/**
 * The DuckDB {@code decisions} table as versions before the index-free schema created it (the
 * decision_id as primary key, an ART index on session_id), for the tests and benches that check
 * such a file keeps working.
 */
public final class DuckDbLegacy {

  public static final String TABLE = """
      CREATE TABLE decisions (
          decision_id  VARCHAR PRIMARY KEY,
          time         TIMESTAMP NOT NULL,
          decision     VARCHAR,
          status       INTEGER,
          action_class VARCHAR,
          subject      VARCHAR,
          client_id    VARCHAR,
          server       VARCHAR,
          tool         VARCHAR,
          mcp_method   VARCHAR,
          session_id   VARCHAR,
          reasons      VARCHAR[] NOT NULL,
          event        VARCHAR NOT NULL,
          indexed_at   TIMESTAMP NOT NULL,
          search_text  VARCHAR
      )""";

  public static final String SESSION_INDEX = "CREATE INDEX decisions_session ON decisions (session_id)";

  private DuckDbLegacy() {
  }
}
