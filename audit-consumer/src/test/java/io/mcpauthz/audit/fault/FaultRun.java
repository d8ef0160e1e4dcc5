package io.mcpauthz.audit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.Repo;
import io.mcpauthz.audit.support.TestEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What every fault test starts the same way: its own topics on the real broker in
 * {@code MCP_AUTHZ_TEST_KAFKA} (the decisions topic, its DLQ and any others), packaged
 * audit-consumer processes on them, and a producer whose every send must succeed.
 */
final class FaultRun implements AutoCloseable {

  private final String bootstrap;
  private final String topic;
  private final Path dir;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Exception> sendFailures = new CopyOnWriteArrayList<>(); // events the test never published

  /** Topics {@code <prefix>.<uuid>}, its {@code .dlq} and {@code .<suffix>} for each suffix. */
  FaultRun(Path dir, String prefix, String... suffixes) throws Exception {
    this.bootstrap = System.getenv("MCP_AUTHZ_TEST_KAFKA");
    assertThat(bootstrap).as("MCP_AUTHZ_TEST_KAFKA (a real broker; ./mcp-authz test starts one)").isNotBlank();
    this.topic = prefix + "." + UUID.randomUUID();
    this.dir = dir;
    List<String> topics = new ArrayList<>(List.of(topic, topic + ".dlq"));
    for (String suffix : suffixes) {
      topics.add(topic + "." + suffix);
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(topics.stream().map(name -> new NewTopic(name, 3, (short) 1)).toList()).all().get();
    }
    this.producer = producer(bootstrap);
  }

  String bootstrap() {
    return bootstrap;
  }

  String topic() {
    return topic;
  }

  /**
   * The packaged audit-consumer on this run's topic, in {@code dir}, or its subdirectory
   * {@code replica} (one store file and log per replica), with a 512 MiB heap, 1 s retries and
   * {@code args}.
   */
  AuditProcess start(String replica, List<String> args) throws Exception {
    Path jar = Repo.root().resolve("audit-consumer/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the packaged audit-consumer (mvn package)").exists();
    List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m", "-Dmcp-authz.audit.retry-backoff=1s"));
    jvmArgs.addAll(args);
    Path home = replica == null ? dir : Files.createDirectories(dir.resolve(replica));
    return new AuditProcess(jar, home, bootstrap, topic, jvmArgs);
  }

  AuditProcess start(String... args) throws Exception {
    return start(null, List.of(args));
  }

  /** {@code count} events over {@code sessions} sessions, keyed by session, all acknowledged; in order. */
  List<TestEvent> produce(int count, int sessions) {
    Instant t0 = Instant.now();
    List<TestEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      TestEvent event = TestEvent.at(t0.plusMillis(i)).session("s-" + (i % sessions)).argument("n", "v" + i);
      events.add(event);
      send(event.sessionId(), event.json());
    }
    producer.flush();
    assertThat(sendFailures).as("the test's own events published").isEmpty();
    return events;
  }

  void send(String key, String value) {
    producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)), (metadata, failure) -> {
      if (failure != null) {
        sendFailures.add(failure);
      }
    });
  }

  /** A consumer of its own group that reads {@code name} from the start. */
  KafkaConsumer<String, byte[]> reader(String name) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "fault-check-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    consumer.subscribe(List.of(name));
    return consumer;
  }

  /**
   * One request in flight: on a topic created a moment ago the first batch can meet a partition
   * without its leader yet, and the idempotent producer then refuses the batches sent behind it
   * (OUT_OF_ORDER_SEQUENCE_NUMBER) until they expire, two minutes later, unsent.
   */
  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
  }

  @Override
  public void close() {
    producer.close();
  }
}
