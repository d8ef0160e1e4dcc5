package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.event.DecisionEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index from before search_text, opened by this version (PostgresStoreTest does the same on PostgreSQL). */
class SearchColumnTest {

  static final String OLD_JSON = "{\"decision_id\":\"old\",\"mcp\":{\"arguments\":{\"Repo\":\"Org/Old\"}}}";
  static final String NEW_JSON = "{\"decision_id\":\"new\",\"mcp\":{\"arguments\":{\"Repo\":\"Org/New\"}}}";

  @TempDir
  Path dir;

  @Test
  void shouldAddSearchTextAndKeepOlderRowsFoundAsBefore() throws SQLException {
    Path file = dir.resolve("decisions.duckdb");
    try (Connection conn = new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
        Statement statement = conn.createStatement()) {
      statement.execute(withoutSearchText(DuckDbLegacy.TABLE));
      statement.execute(DuckDbLegacy.SESSION_INDEX); // an index on the table, which DuckDB's ALTER must get past
      statement.execute(insertOld());
    }
    try (DuckDb db = new DuckDb(file); DecisionWriter writer = db.writer()) {
      assertUpgraded(db, writer);
    }
  }

  /** Shared with PostgresStoreTest: older rows match their JSON as before, new rows their values only. */
  static void assertUpgraded(Database db, DecisionWriter writer) throws SQLException {
    writer.insert(List.of(event("new", NEW_JSON)));
    DecisionReader reader = new DecisionReader(db);
    assertThat(ids(reader, "ORG/")).containsExactly("new", "old");
    assertThat(ids(reader, "\"repo\":\"org/")).containsExactly("old");
    assertThat(ids(reader, "repo")).containsExactly("old");
  }

  static String withoutSearchText(String createTable) {
    String stripped = createTable.replaceAll(",\\s*search_text\\s+\\w+", "");
    assertThat(stripped).doesNotContain("search_text");
    return stripped;
  }

  static String insertOld() {
    return "INSERT INTO decisions VALUES ('old', TIMESTAMP '2026-11-26 07:00:00', 'allow', 200, 'read', 'alice',"
        + " 'agent-7', 'github', 'get_issue', 'tools/call', 's-1', ARRAY['allowed'], '" + OLD_JSON + "',"
        + " TIMESTAMP '2026-11-26 07:00:01')";
  }

  private static DecisionEvent event(String id, String json) {
    return new DecisionEvent(id, RetentionSweepTest.NOW, "allow", 200, "read", "alice", "agent-7", "github",
        "get_issue", "tools/call", "s-1", List.of("allowed"), json);
  }

  private static List<String> ids(DecisionReader reader, String text) {
    DecisionFilter filter = new DecisionFilter(null, null, null, null, null, null, null, null, null, null, text);
    return reader.page(filter, null, SortOrder.NEWEST_FIRST, 10).rows().stream().map(DecisionRow::decisionId)
        .toList();
  }
}
