package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.event.DecisionEvent;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real DuckDB file; PostgresStoreTest runs the same against PostgreSQL. */
class RetentionSweepTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldDeleteOnlyDecisionsOlderThanRetention() throws SQLException {
    try (DuckDb db = new DuckDb(dir.resolve("decisions.duckdb")); DecisionWriter writer = db.writer()) {
      assertRetention(db, writer);
    }
  }

  /** Shared with PostgresStoreTest: 30 days kept, the 31st day's events deleted, the rest untouched. */
  static void assertRetention(Database db, DecisionWriter writer) throws SQLException {
    writer.insert(List.of(event("old", NOW.minus(Duration.ofDays(31))),
        event("edge", NOW.minus(Duration.ofDays(30)).plusMillis(1)), event("new", NOW)));
    RetentionSweep sweep = new RetentionSweep(db, 30, Duration.ofHours(1));

    assertThat(sweep.sweep(NOW)).isEqualTo(1);
    assertThat(sweep.sweep(NOW)).isZero();
    DecisionReader reader = new DecisionReader(db);
    assertThat(reader.find("old")).isEmpty();
    assertThat(reader.find("edge")).isPresent();
    assertThat(reader.find("new")).isPresent();
  }

  static DecisionEvent event(String id, Instant time) {
    return new DecisionEvent(id, time, "allow", 200, "read", "alice", "agent-7", "github", "list_issues",
        "tools/call", "s-1", List.of("allowed"), "{\"decision_id\":\"" + id + "\"}");
  }
}
