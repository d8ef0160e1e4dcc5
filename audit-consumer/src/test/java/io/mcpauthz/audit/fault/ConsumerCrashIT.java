package io.mcpauthz.audit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.Repo;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    String bootstrap = bootstrap();
    String topic = "fault.decisions." + UUID.randomUUID();
    createTopics(bootstrap, topic, topic + ".dlq");
    Set<String> produced = new HashSet<>();
    String poisonTime = TestEvent.at(Instant.now()).set("time", "+300000-01-01T00:00:00Z").json();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      produce(producer, topic, BEFORE_CRASH / 2, produced);
      send(producer, topic, "not json at all");
      send(producer, topic, poisonTime);
      produce(producer, topic, BEFORE_CRASH / 2, produced);
      producer.flush();

      // Small batches: the kill lands between, or inside, many store transactions.
      AuditProcess first = start(bootstrap, topic, "-Dmcp-authz.audit.max-poll-records=50");
      await().atMost(Duration.ofSeconds(120)).until(() -> first.ready() && first.indexed() > 0);
      long indexedBeforeKill = first.indexed();
      first.kill();
      assertThat(indexedBeforeKill).as("killed mid-ingest").isLessThan(BEFORE_CRASH);

      produce(producer, topic, DURING_OUTAGE, produced);
      producer.flush();
    } catch (IllegalStateException e) {
      throw new AssertionError("see " + dir.resolve("audit-consumer.log"), e);
    }

    try (AuditProcess second = start(bootstrap, topic)) {
      await().atMost(Duration.ofSeconds(180)).until(() -> second.ready() && second.stored() == produced.size());
    }
    List<String> stored = storedIds(dir.resolve("decisions.duckdb"));
    assertThat(stored).hasSize(produced.size());
    assertThat(new HashSet<>(stored)).isEqualTo(produced);
    assertThat(deadLetterValues(bootstrap, topic + ".dlq", 2)).containsOnly("not json at all", poisonTime);
  }

  private AuditProcess start(String bootstrap, String topic, String... jvmArgs) throws Exception {
    Path jar = Repo.root().resolve("audit-consumer/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the packaged audit-consumer (mvn package)").exists();
    List<String> args = new ArrayList<>(List.of("-Xmx512m", "-Dmcp-authz.audit.retry-backoff=1s"));
    args.addAll(List.of(jvmArgs));
    return new AuditProcess(jar, dir, bootstrap, topic, args);
  }

  private static void produce(KafkaProducer<String, byte[]> producer, String topic, int count, Set<String> ids) {
    Instant t0 = Instant.now();
    for (int i = 0; i < count; i++) {
      TestEvent event = TestEvent.at(t0.plusMillis(i)).session("s-" + (i % 200)).argument("n", "v" + i);
      ids.add(event.id());
      producer.send(new ProducerRecord<>(topic, event.sessionId(), event.json().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, String value) {
    producer.send(new ProducerRecord<>(topic, "poison", value.getBytes(StandardCharsets.UTF_8)));
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

  private static List<String> deadLetterValues(String bootstrap, String dlq, int atLeast) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      consumer.subscribe(List.of(dlq));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values.size() >= atLeast;
      });
    }
    return values;
  }

  static String bootstrap() {
    String bootstrap = System.getenv("MCP_AUTHZ_TEST_KAFKA");
    assertThat(bootstrap).as("MCP_AUTHZ_TEST_KAFKA (a real broker; ./mcp-authz test starts one)").isNotBlank();
    return bootstrap;
  }

  static void createTopics(String bootstrap, String... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, 3, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  /**
   * One request in flight: on a topic created a moment ago the first batch can meet a partition
   * without its leader yet, and the idempotent producer then refuses the batches sent behind it
   * (OUT_OF_ORDER_SEQUENCE_NUMBER) until they expire, two minutes later, unsent.
   */
  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
  }
}
