package io.mcpauthz.audit.fault;

import static io.mcpauthz.audit.fault.ConsumerCrashIT.bootstrap;
import static io.mcpauthz.audit.fault.ConsumerCrashIT.createTopics;
import static io.mcpauthz.audit.fault.ConsumerCrashIT.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.Repo;
import io.mcpauthz.audit.support.TestEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

  private final List<Exception> sendFailures = new CopyOnWriteArrayList<>(); // events the test never published

  @Test
  void shouldLoseNothingAndKeepSessionOrderWhenKilledMidProjection() throws Exception {
    String bootstrap = bootstrap();
    String topic = "fault.projection." + UUID.randomUUID();
    createTopics(bootstrap, topic, topic + ".dlq", topic + ".ocsf", topic + ".ecs");
    Map<String, List<String>> published = new HashMap<>(); // session -> ids, in order
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      produce(producer, topic, BEFORE_CRASH, published);
      producer.flush();
      assertThat(sendFailures).as("the test's own events published").isEmpty();

      // Small batches: the kill lands between, or inside, many produce-flush-commit rounds.
      AuditProcess first = start(bootstrap, topic, "-Dmcp-authz.audit.projection.max-poll-records=20");
      await().atMost(Duration.ofSeconds(120))
          .until(() -> first.ready() && produced(first, "ocsf") > 0 && produced(first, "ecs") > 0);
      long projectedBeforeKill = produced(first, "ocsf");
      first.kill();
      assertThat(projectedBeforeKill).as("killed mid-projection").isLessThan(BEFORE_CRASH);

      produce(producer, topic, DURING_OUTAGE, published);
      producer.flush();
    }
    assertThat(sendFailures).as("the test's own events published").isEmpty();

    int total = published.values().stream().mapToInt(List::size).sum();
    try (AuditProcess second = start(bootstrap, topic)) {
      await().atMost(Duration.ofSeconds(180)).until(second::ready);
      assertProjected(bootstrap, topic + ".ocsf", "/metadata/uid", published, total);
      assertProjected(bootstrap, topic + ".ecs", "/event/id", published, total);
    }
  }

  private static void assertProjected(String bootstrap, String topic, String idPointer,
      Map<String, List<String>> published, int total) throws Exception {
    Map<String, Set<String>> firstCopies = new HashMap<>(); // session -> ids, first copy of each, in order
    int[] records = {0};
    try (KafkaConsumer<String, byte[]> consumer = reader(bootstrap)) {
      consumer.subscribe(List.of(topic));
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

  private AuditProcess start(String bootstrap, String topic, String... jvmArgs) throws Exception {
    Path jar = Repo.root().resolve("audit-consumer/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the packaged audit-consumer (mvn package)").exists();
    // A short session timeout: the killed member's partitions are handed on sooner.
    List<String> args = new ArrayList<>(List.of("-Xmx512m", "-Dmcp-authz.audit.retry-backoff=1s",
        "-Dmcp-authz.audit.session-timeout=10s"));
    for (String projection : List.of("ocsf", "ecs")) {
      args.add("-Dmcp-authz.audit.projection." + projection + ".enabled=true");
      args.add("-Dmcp-authz.audit.projection." + projection + ".topic=" + topic + "." + projection);
      args.add("-Dmcp-authz.audit.projection." + projection + ".group=fault-" + projection + "-" + topic);
    }
    args.addAll(List.of(jvmArgs));
    return new AuditProcess(jar, dir, bootstrap, topic, args);
  }

  private static long produced(AuditProcess process, String projection) throws Exception {
    return (long) Metrics.value(process.metrics(), "mcp_authz_audit_projection_events_total",
        "projection=\"" + projection + "\",result=\"produced\"");
  }

  private void produce(KafkaProducer<String, byte[]> producer, String topic, int count,
      Map<String, List<String>> published) {
    Instant t0 = Instant.now();
    for (int i = 0; i < count; i++) {
      TestEvent event = TestEvent.at(t0.plusMillis(i)).session("s-" + (i % 200)).argument("n", "v" + i);
      published.computeIfAbsent(event.sessionId(), key -> new ArrayList<>()).add(event.id());
      producer.send(new ProducerRecord<>(topic, event.sessionId(), event.json().getBytes(StandardCharsets.UTF_8)),
          (metadata, failure) -> {
            if (failure != null) {
              sendFailures.add(failure);
            }
          });
    }
  }

  private static KafkaConsumer<String, byte[]> reader(String bootstrap) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "projection-check-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
