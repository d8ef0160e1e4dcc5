package io.mcpauthz.audit.fault;

import static io.mcpauthz.audit.support.AuditProcess.polls;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged replicas of one group index one PostgreSQL database; one is SIGKILLed while
 * both index, the other takes over its partitions: every decision id is stored exactly once.
 */
class SharedIndexIT {

  private static final int EVENTS = 6_000;

  @TempDir
  Path dir;

  @Test
  void shouldIndexEverythingOnceWhenOneReplicaDies() throws Exception {
    TestPostgres postgres = TestPostgres.createDatabase("shared_" + UUID.randomUUID().toString().replace("-", ""));
    try (FaultRun run = new FaultRun(dir, "shared.decisions")) {
      List<String> store = new ArrayList<>(List.of("-Dmcp-authz.audit.max-poll-records=50",
          "-Dmcp-authz.audit.session-timeout=6s"));
      postgres.config().forEach((key, value) -> store.add("-D" + key + "=" + value));
      try (AuditProcess survivor = run.start("a", store); AuditProcess victim = run.start("b", store)) {
        polls().atMost(Duration.ofSeconds(120)).until(() -> survivor.ready() && victim.ready());
        Set<String> produced = run.produce(EVENTS, 300).stream().map(TestEvent::id).collect(Collectors.toSet());
        polls().atMost(Duration.ofSeconds(120)).until(() -> victim.indexed() > 0 && survivor.indexed() > 0);
        victim.kill();
        polls().atMost(Duration.ofSeconds(180)).until(() -> survivor.stored() == produced.size());
        List<String> stored = storedIds(postgres);
        assertThat(stored).hasSize(produced.size());
        assertThat(new HashSet<>(stored)).isEqualTo(produced);
      }
    } finally {
      postgres.drop();
    }
  }

  private static List<String> storedIds(TestPostgres postgres) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection conn = postgres.connect();
        Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT decision_id FROM decisions")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
