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
}
