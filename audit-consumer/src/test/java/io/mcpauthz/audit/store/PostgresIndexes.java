package io.mcpauthz.audit.store;

import java.sql.SQLException;
import java.sql.Statement;

/** For the bench: the schema's indexes and the trigram index, built in the caller's session. */
public final class PostgresIndexes {

  private PostgresIndexes() {
  }

  /** Every index of the schema, the trigram one too, not concurrently. */
  public static void build(Statement statement) throws SQLException {
    for (String ddl : Postgres.SCHEMA) {
      if (ddl.startsWith("CREATE INDEX")) {
        statement.execute(ddl);
      }
    }
    statement.execute(TrigramIndex.EXTENSION);
    statement.execute(TrigramIndex.CREATE.formatted(""));
  }

  /**
   * The same indexes on one day's partition alone, named as PostgreSQL names a day's part; the
   * parent's indexes, created after ({@link #build}), attach them instead of building them again.
   */
  public static void buildDay(Statement statement, String day) throws SQLException {
    for (String ddl : Postgres.SCHEMA) {
      if (ddl.startsWith("CREATE INDEX")) {
        statement.execute(ddl.replace(" IF NOT EXISTS decisions_", " IF NOT EXISTS " + day + "_")
            .replace(" ON decisions ", " ON " + day + " "));
      }
    }
    statement.execute(TrigramIndex.CREATE.formatted("").replace(TrigramIndex.NAME, day + TrigramIndex.PART_SUFFIX)
        .replace(" ON decisions ", " ON " + day + " "));
  }
}
