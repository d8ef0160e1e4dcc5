package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade docs/audit.md gives for a file with the primary key of earlier versions: copy its
 * rows into a file this version created, in time order, while the consumer is stopped.
 */
class DuckDbUpgradeTest {

  /** As in docs/audit.md ("Upgrading a DuckDB file"), with the old file's path in place of old.duckdb. */
  static final String COPY = """
      ATTACH '%s' AS old (READ_ONLY);
      INSERT INTO decisions BY NAME SELECT * FROM old.decisions ORDER BY time;
      DETACH old;""";

  @TempDir
  Path dir;

  @Test
  void shouldCopyAnOlderFileIntoOneWithoutIndexes() throws SQLException {
    Path old = dir.resolve("old.duckdb");
    try (Connection conn = connect(old); Statement statement = conn.createStatement()) {
      statement.execute(DuckDbLegacy.TABLE);
      statement.execute(DuckDbLegacy.SESSION_INDEX);
    }
    try (DuckDb db = new DuckDb(old); DecisionWriter writer = db.writer()) {
      assertThat(db.keyed()).isTrue();
      writer.insert(DecisionWriterTest.timed("a-", 0, 500));
    }
    Path fresh = dir.resolve("new.duckdb");
    new DuckDb(fresh).close(); // the new version's first start creates the schema
    try (Connection conn = connect(fresh); Statement statement = conn.createStatement()) {
      for (String sql : COPY.formatted(old).split(";\n")) {
        statement.execute(sql);
      }
    }
    try (DuckDb db = new DuckDb(fresh); DecisionWriter writer = db.writer()) {
      assertThat(db.keyed()).isFalse();
      DecisionReader reader = new DecisionReader(db);
      assertThat(reader.count()).isEqualTo(500);
      assertThat(reader.find("a-42")).isPresent();
      // Redelivered events copied from the old file are found as stored.
      assertThat(writer.insert(DecisionWriterTest.timed("a-", 400, 600))).isEqualTo(100);
      assertThat(reader.page(DecisionFilter.session("s-1"), null, SortOrder.OLDEST_FIRST, 1000).rows()).hasSize(600);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    return new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
  }
}
