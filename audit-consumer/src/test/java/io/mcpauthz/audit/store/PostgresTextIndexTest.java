package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.support.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp-authz.audit.postgresql.text-index} on a real server: free text answers the same
 * with the trigram index and without it; turning it off drops it; turning it on over a filled
 * store builds it concurrently after startup, day by day, also when a stopped build left it invalid.
 */
class PostgresTextIndexTest {

  private static final List<String> MATCHING = List.of("e-7", "e-17");

  private TestPostgres server;
  private final List<Postgres> opened = new ArrayList<>();

  @BeforeEach
  void createDatabase() {
    server = TestPostgres.createDatabase("text_" + UUID.randomUUID().toString().replace("-", ""));
  }

  @AfterEach
  void dropDatabase() {
    opened.forEach(Postgres::close);
    if (server != null) {
      server.drop();
    }
  }

  @Test
  void shouldAnswerFreeTextWithoutIndexAsWithIt() throws SQLException {
    Postgres without = open(false);
    assertThat(indexValid()).isNull();
    fill(without);
    assertThat(search(without, "org/repo-7")).containsExactlyElementsOf(MATCHING);
    assertThat(search(without, "repo-%")).isEmpty(); // LIKE's wildcards are the text they are

    Postgres with = open(true);
    await().atMost(Duration.ofMinutes(2)).until(() -> Boolean.TRUE.equals(indexValid()));
    assertThat(search(with, "org/repo-7")).containsExactlyElementsOf(MATCHING);
    assertThat(search(with, "repo-%")).isEmpty();
    assertThat(plan(with, "org/repo-7")).contains(TrigramIndex.PART_SUFFIX);
  }

  @Test
  void shouldDropIndexWhenTurnedOff() throws SQLException {
    fill(open(true));
    assertThat(indexValid()).isTrue();

    Postgres without = open(false);
    assertThat(indexValid()).isNull();
    assertThat(plan(without, "org/repo-7")).doesNotContain(TrigramIndex.PART_SUFFIX);
    assertThat(search(without, "org/repo-7")).containsExactlyElementsOf(MATCHING);
  }

  @Test
  void shouldBuildIndexAgainThatStoppedBuildLeftInvalid() throws SQLException {
    fill(open(true));
    // as a build by day leaves it when stopped: declared on the parent, one day's part invalid, one missing
    String part = "decisions_20261126" + TrigramIndex.PART_SUFFIX;
    try (Connection conn = server.connect(); Statement statement = conn.createStatement()) {
      statement.execute("DROP INDEX " + TrigramIndex.NAME);
      statement.execute(TrigramIndex.CREATE.formatted("").replace(" ON decisions ", " ON ONLY decisions "));
      statement.execute("CREATE INDEX " + part + " ON decisions_20261126 USING gin (search_text gin_trgm_ops)");
      statement.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = '" + part + "'::regclass");
    }
    assertThat(indexValid()).isFalse();

    Postgres reopened = open(true);
    await().atMost(Duration.ofMinutes(2)).until(() -> Boolean.TRUE.equals(indexValid()));
    assertThat(search(reopened, "org/repo-7")).containsExactlyElementsOf(MATCHING);
    assertThat(plan(reopened, "org/repo-7")).contains(part);
  }

  private Postgres open(boolean textIndex) throws SQLException {
    Postgres db = new Postgres(TestPostgres.storeConfig(server.config().get("mcp-authz.audit.postgresql.url"),
        textIndex));
    opened.add(db);
    return db;
  }

  /** 20 events; e-7 and e-17 name org/repo-7 (in two spellings), the others org/repo-x<i>. */
  private static void fill(Postgres db) throws SQLException {
    List<DecisionEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String repo = i % 10 == 7 ? (i < 10 ? "Org/Repo-7" : "ORG/REPO-7") : "org/repo-x" + i;
      events.add(new DecisionEvent("e-" + i, RetentionSweepTest.NOW.minusSeconds(i), "allow", 200, "read", "alice",
          "agent-7", "github", "list_issues", "tools/call", "s-1", List.of("allowed"),
          "{\"decision_id\":\"e-" + i + "\",\"arguments\":{\"repo\":\"" + repo + "\"}}"));
    }
    try (DecisionWriter writer = db.writer()) {
      assertThat(writer.insert(events)).isEqualTo(20);
    }
  }

  private static List<String> search(Postgres db, String text) {
    return new DecisionReader(db).page(filter(text), null, SortOrder.NEWEST_FIRST, 50).rows().stream()
        .map(DecisionRow::decisionId).toList();
  }

  private static DecisionFilter filter(String text) {
    return new DecisionFilter(null, null, null, null, null, null, null, null, null, null, text);
  }

  /** EXPLAIN of the API's free-text page, with plain scans discouraged. */
  static String plan(Database db, String text) throws SQLException {
    SqlQuery query = DecisionQueries.page(filter(text), null, SortOrder.NEWEST_FIRST, 50);
    StringBuilder plan = new StringBuilder();
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      // a small table: otherwise reading it in time order and filtering is cheaper
      statement.execute("SET enable_seqscan = off");
      statement.execute("SET enable_indexscan = off");
      try (PreparedStatement ps = new SqlQuery("EXPLAIN " + query.sql(), query.params()).prepare(conn);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  private Boolean indexValid() throws SQLException {
    try (Connection conn = server.connect(); Statement statement = conn.createStatement()) {
      return TrigramIndex.valid(statement);
    }
  }
}
