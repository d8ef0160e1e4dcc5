package io.mcpauthz.audit.fault;

import static io.mcpauthz.audit.fault.ConsumerCrashIT.bootstrap;
import static io.mcpauthz.audit.fault.ConsumerCrashIT.createTopics;
import static io.mcpauthz.audit.fault.ConsumerCrashIT.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.Repo;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.TestPostgres;
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
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    String bootstrap = bootstrap();
    String topic = "shared.decisions." + UUID.randomUUID();
    createTopics(bootstrap, topic, topic + ".dlq");
    TestPostgres postgres = TestPostgres.createDatabase("shared_" + UUID.randomUUID().toString().replace("-", ""));
    try {
      List<String> store = new ArrayList<>(List.of("-Dmcp-authz.audit.max-poll-records=50",
          "-Dmcp-authz.audit.session-timeout=6s", "-Dmcp-authz.audit.retry-backoff=1s"));
      postgres.config().forEach((key, value) -> store.add("-D" + key + "=" + value));
      try (AuditProcess survivor = start("a", bootstrap, topic, store);
          AuditProcess victim = start("b", bootstrap, topic, store)) {
        await().atMost(Duration.ofSeconds(120)).until(() -> survivor.ready() && victim.ready());
        Set<String> produced = produce(bootstrap, topic);
        await().atMost(Duration.ofSeconds(120)).until(() -> victim.indexed() > 0 && survivor.indexed() > 0);
        victim.kill();
        await().atMost(Duration.ofSeconds(180)).until(() -> survivor.stored() == produced.size());
        List<String> stored = storedIds(postgres);
        assertThat(stored).hasSize(produced.size());
        assertThat(new HashSet<>(stored)).isEqualTo(produced);
      }
    } finally {
      postgres.drop();
    }
  }

  private AuditProcess start(String name, String bootstrap, String topic, List<String> args) throws Exception {
    Path replicaDir = Files.createDirectories(dir.resolve(name));
    return new AuditProcess(Repo.root().resolve("audit-consumer/target/quarkus-app/quarkus-run.jar"), replicaDir,
        bootstrap, topic, args);
  }

  private static Set<String> produce(String bootstrap, String topic) {
    Set<String> ids = new HashSet<>();
    Instant t0 = Instant.now();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      for (int i = 0; i < EVENTS; i++) {
        TestEvent event = TestEvent.at(t0.plusMillis(i)).session("s-" + (i % 300));
        ids.add(event.id());
        producer.send(new ProducerRecord<>(topic, event.sessionId(), event.json().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return ids;
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
