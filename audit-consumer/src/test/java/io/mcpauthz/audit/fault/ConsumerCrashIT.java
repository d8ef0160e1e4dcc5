package io.mcpauthz.audit.fault;

import static io.mcpauthz.audit.support.AuditProcess.polls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.TestEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged audit-consumer killed with SIGKILL in the middle of indexing a pre-filled topic
 * that also holds poison records, more events produced while it is down, then restarted on the
 * same store and group: every event is indexed exactly once (the sets of decision ids are
 * compared, not counts) and each poison record is in the dead-letter topic.
 */
class ConsumerCrashIT {

  private static final int BEFORE_CRASH = 6_000;
  private static final int DURING_OUTAGE = 1_000;

  @TempDir
  Path dir;

  @Test
  void shouldLoseAndDuplicateNothingWhenKilledMidIngest() throws Exception {
    Set<String> produced = new HashSet<>();
    String poisonTime = TestEvent.at(Instant.now()).set("time", "+300000-01-01T00:00:00Z").json();
    try (FaultRun run = new FaultRun(dir, "fault.decisions")) {
      ids(run.produce(BEFORE_CRASH / 2, 200), produced);
      run.send("poison", "not json at all");
      run.send("poison", poisonTime);
      ids(run.produce(BEFORE_CRASH / 2, 200), produced);

      // Small batches: the kill lands between, or inside, many store transactions.
      AuditProcess first = run.start("-Dmcp-authz.audit.max-poll-records=50");
      try {
        polls().atMost(Duration.ofSeconds(120)).until(() -> first.ready() && first.indexed() > 0);
      } catch (IllegalStateException e) {
        throw new AssertionError("see " + dir.resolve("audit-consumer.log"), e);
      }
      long indexedBeforeKill = first.indexed();
      first.kill();
      assertThat(indexedBeforeKill).as("killed mid-ingest").isLessThan(BEFORE_CRASH);

      ids(run.produce(DURING_OUTAGE, 200), produced);

      try (AuditProcess second = run.start()) {
        polls().atMost(Duration.ofSeconds(180)).until(() -> second.ready() && second.stored() == produced.size());
      }
      List<String> stored = storedIds(dir.resolve("decisions.duckdb"));
      assertThat(stored).hasSize(produced.size());
      assertThat(new HashSet<>(stored)).isEqualTo(produced);
      assertThat(deadLetterValues(run, 2)).containsOnly("not json at all", poisonTime);
    }
  }

  private static void ids(List<TestEvent> events, Set<String> into) {
    events.forEach(event -> into.add(event.id()));
  }

  private static List<String> storedIds(Path database) throws Exception {
    assertThat(Files.exists(database)).isTrue();
    List<String> ids = new ArrayList<>();
    try (DuckDb db = new DuckDb(database); Connection conn = db.connect();
        Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT decision_id FROM decisions")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static List<String> deadLetterValues(FaultRun run, int atLeast) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = run.reader(run.topic() + ".dlq")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values.size() >= atLeast;
      });
    }
    return values;
  }
}
