package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.support.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store on a real server (run by the postgresql surefire execution only): what
 * DuckDB gives for free and PostgreSQL must be taught, exact microseconds over the whole range,
 * U+0000 in a field, idempotent batches, retention.
 */
class PostgresStoreTest {

  private TestPostgres server;
  private Postgres db;
  private DecisionWriter writer;

  @BeforeEach
  void open() throws SQLException {
    server = TestPostgres.createDatabase("store_" + UUID.randomUUID().toString().replace("-", ""));
    db = new Postgres(config(server.config()));
    writer = db.writer();
  }

  private static AuditConfig.Postgresql config(Map<String, String> config) {
    return TestPostgres.storeConfig(config.get("mcp-authz.audit.postgresql.url"));
  }

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
    if (server != null) {
      server.drop();
    }
  }

  @Test
  void shouldKeepExactMicrosecondsOverWholeRange() throws SQLException {
    List<Instant> times = List.of(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
        Instant.parse("2026-11-26T07:00:00.123456Z"), Instant.parse("9999-12-31T23:59:59.999999Z"));
    for (int i = 0; i < times.size(); i++) {
      writer.insert(List.of(RetentionSweepTest.event("t" + i, times.get(i))));
    }
    DecisionReader reader = new DecisionReader(db);
    for (int i = 0; i < times.size(); i++) {
      assertThat(reader.find("t" + i)).map(DecisionRow::timeMicros).contains(DecisionWriter.micros(times.get(i)));
    }
  }

  @Test
  void shouldStoreBatchIdempotentlyWithNulFromJson() throws SQLException {
    DecisionEvent nul = new DecisionEvent("nul", RetentionSweepTest.NOW, "deny", 403, null, "a\u0000b", null, null,
        "to\u0000ol", null, null, List.of("re\u0000ason"), "{\"tool\":\"to\\u0000ol\"}");
    DecisionEvent other = RetentionSweepTest.event("other", RetentionSweepTest.NOW);
    assertThat(writer.insert(List.of(nul, other, nul))).isEqualTo(2);
    assertThat(writer.insert(List.of(other))).isZero();

    DecisionRow row = new DecisionReader(db).find("nul").orElseThrow();
    assertThat(row.tool()).isEqualTo("to\uFFFDol");
    assertThat(row.reasons()).containsExactly("re\uFFFDason");
    assertThat(row.event()).isEqualTo(nul.json());
    assertThat(new DecisionReader(db).page(DecisionFilter.ALL, null, SortOrder.NEWEST_FIRST, 10).rows())
        .hasSize(2);
  }

  @Test
  void shouldApplyRetention() throws SQLException {
    RetentionSweepTest.assertRetention(db, writer);
  }

  @Test
  void shouldAddSearchTextToOlderIndex() throws SQLException {
    writer.close();
    try (Connection conn = server.connect(); Statement statement = conn.createStatement()) {
      statement.execute("DROP TABLE decisions");
      statement.execute(SearchColumnTest.withoutSearchText(Postgres.SCHEMA[0]));
      statement.execute(SearchColumnTest.insertOld());
    }
    db = new Postgres(config(server.config()));
    writer = db.writer();
    SearchColumnTest.assertUpgraded(db, writer);
  }

  @Test
  void shouldAnswerFreeTextFromTrigramIndex() throws SQLException {
    assertThat(PostgresTextIndexTest.plan(db, "org/repo-7")).contains(TrigramIndex.NAME);
  }
}
