package io.mcpauthz.audit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.TestEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged audit-consumer with both SIEM projections on, killed with SIGKILL while it
 * projects a pre-filled topic, more events produced while it is down, then restarted: each
 * projection's topic holds every decision id (duplicates allowed: at-least-once), no other, and
 * each session's events in the order they were published (counting each id's first copy).
 */
class ProjectionRestartIT {

  private static final int BEFORE_CRASH = 8_000;
  private static final int DURING_OUTAGE = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void shouldLoseNothingAndKeepSessionOrderWhenKilledMidProjection() throws Exception {
    try (FaultRun run = new FaultRun(dir, "fault.projection", "ocsf", "ecs")) {
      Map<String, List<String>> published = new HashMap<>(); // session -> ids, in order
      bySession(run.produce(BEFORE_CRASH, 200), published);

      // Small batches: the kill lands between, or inside, many produce-flush-commit rounds.
      AuditProcess first = start(run, "-Dmcp-authz.audit.projection.max-poll-records=20");
      await().atMost(Duration.ofSeconds(120))
          .until(() -> first.ready() && produced(first, "ocsf") > 0 && produced(first, "ecs") > 0);
      long projectedBeforeKill = produced(first, "ocsf");
      first.kill();
      assertThat(projectedBeforeKill).as("killed mid-projection").isLessThan(BEFORE_CRASH);

      bySession(run.produce(DURING_OUTAGE, 200), published);

      int total = published.values().stream().mapToInt(List::size).sum();
      try (AuditProcess second = start(run)) {
        await().atMost(Duration.ofSeconds(180)).until(second::ready);
        assertProjected(run, run.topic() + ".ocsf", "/metadata/uid", published, total);
        assertProjected(run, run.topic() + ".ecs", "/event/id", published, total);
      }
    }
  }

  private static void bySession(List<TestEvent> events, Map<String, List<String>> published) {
    events.forEach(event -> published.computeIfAbsent(event.sessionId(), key -> new ArrayList<>()).add(event.id()));
  }

  private static void assertProjected(FaultRun run, String topic, String idPointer,
      Map<String, List<String>> published, int total) throws Exception {
    Map<String, Set<String>> firstCopies = new HashMap<>(); // session -> ids, first copy of each, in order
    int[] records = {0};
    try (KafkaConsumer<String, byte[]> consumer = run.reader(topic)) {
      await().atMost(Duration.ofSeconds(180)).until(() -> {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          records[0]++;
          String id = JSON.readTree(record.value()).at(idPointer).textValue();
          firstCopies.computeIfAbsent(record.key(), key -> new LinkedHashSet<>()).add(id);
        }
        return firstCopies.values().stream().mapToInt(Set::size).sum() >= total;
      });
    }
    assertThat(firstCopies.keySet()).as(topic).isEqualTo(published.keySet());
    published.forEach((session, ids) -> assertThat(new ArrayList<>(firstCopies.get(session)))
        .as(topic + " session " + session).containsExactlyElementsOf(ids));
    System.out.printf("%s: %d records for %d decisions (%d duplicates after the kill)%n", topic, records[0], total,
        records[0] - total);
  }

  private static AuditProcess start(FaultRun run, String... jvmArgs) throws Exception {
    // A short session timeout: the killed member's partitions are handed on sooner.
    List<String> args = new ArrayList<>(List.of("-Dmcp-authz.audit.session-timeout=10s"));
    for (String projection : List.of("ocsf", "ecs")) {
      args.add("-Dmcp-authz.audit.projection." + projection + ".enabled=true");
      args.add("-Dmcp-authz.audit.projection." + projection + ".topic=" + run.topic() + "." + projection);
      args.add("-Dmcp-authz.audit.projection." + projection + ".group=fault-" + projection + "-" + run.topic());
    }
    args.addAll(List.of(jvmArgs));
    return run.start(null, args);
  }

  private static long produced(AuditProcess process, String projection) throws Exception {
    return (long) Metrics.value(process.metrics(), "mcp_authz_audit_projection_events_total",
        "projection=\"" + projection + "\",result=\"produced\"");
  }
}
