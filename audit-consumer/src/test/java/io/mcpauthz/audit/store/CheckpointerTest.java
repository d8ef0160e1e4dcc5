package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.event.DecisionEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints off the writer's commits: on the store's own thread, once the WAL passed the threshold. */
class CheckpointerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");

  @TempDir
  Path dir;

  private Path file;
  private DuckDb db;
  private DecisionWriter writer;

  @BeforeEach
  void open() throws SQLException {
    file = dir.resolve("decisions.duckdb");
    db = new DuckDb(file, "1MB");
    writer = db.writer();
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  @Test
  void shouldLeaveDuckDbsOwnCheckpointAsABackstopOnly() throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("3.8 MiB"); // 4 x 1 MB
    }
  }

  @Test
  void shouldCheckpointOnItsOwnThreadOnceTheWalPassedTheThreshold() throws Exception {
    writer.insert(events(0, 2_000)); // ~2.5 MB of WAL: past the threshold, short of the backstop

    await().atMost(Duration.ofSeconds(60)).until(() -> walBytes() < 1_000_000);
    assertThat(count()).isEqualTo(2_000);
  }

  @Test
  void shouldCheckpointWhileAReadTransactionIsOpen() throws Exception {
    try (DuckDb quiet = new DuckDb(dir.resolve("quiet.duckdb"), "1GB"); DecisionWriter w = quiet.writer()) {
      w.insert(events(0, 2_000));
      Checkpointer checkpointer = new Checkpointer(quiet, dir.resolve("quiet.duckdb"), 1_000_000);
      assertThat(checkpointer.walBytes()).isGreaterThan(1_000_000);
      try (Connection open = quiet.connect(); Statement statement = open.createStatement()) {
        open.setAutoCommit(false);
        statement.executeQuery("SELECT count(*) FROM decisions").close(); // an export, say

        assertThat(checkpointer.checkpointIfDue()).isTrue();
        open.commit();
      }
      assertThat(checkpointer.walBytes()).isLessThan(1_000_000);
    }
  }

  private long walBytes() throws IOException {
    return new Checkpointer(db, file, 0).walBytes();
  }

  private long count() throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM decisions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<DecisionEvent> events(int from, int count) {
    List<DecisionEvent> events = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String id = "d-" + i;
      events.add(new DecisionEvent(id, T0.plusMillis(i), "allow", 200, "read", "alice", "agent-7", "github",
          "list_issues", "tools/call", "s-" + i / 20, List.of(),
          "{\"decision_id\":\"" + id + "\",\"pad\":\"" + "x".repeat(1000) + "\"}"));
    }
    return events;
  }
}
