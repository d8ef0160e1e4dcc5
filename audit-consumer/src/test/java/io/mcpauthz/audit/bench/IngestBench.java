package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.support.AuditProcess;
import io.mcpauthz.audit.support.TestEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest benchmark against a real broker and the packaged jar (not part of the test run; see
 * the README's Performance section). It starts the audit-consumer on a fresh topic, indexes a
 * warm-up batch, then produces {@code --events} realistic decision events (as fast as possible,
 * or at {@code --rate} per second) and reports the time until all are indexed and the CPU time
 * the audit-consumer process used meanwhile; then single-event indexing latency at idle. With
 * {@code --prefill=true} every event is on the topic before the audit-consumer starts (a backlog):
 * the clock starts once the warm-up events are indexed.
 *
 * <p>Options: {@code --events=50000 --rate=0 --prefill=false --warmup=2000 --probes=20 --partitions=3
 * --bootstrap=127.0.0.1:39092 --app=audit-consumer/target/quarkus-app/quarkus-run.jar --java=java}
 * ({@code --java}: the executable that runs the audit-consumer, e.g. another JDK's {@code bin/java});
 * other {@code -…} arguments ({@code -Dkey=value}, {@code -XX:…}) go to the audit-consumer's JVM.
 */
public final class IngestBench {

  private IngestBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("events", "50000", "rate", "0", "warmup", "2000",
        "probes", "20", "partitions", "3", "bootstrap", "127.0.0.1:39092", "prefill", "false",
        "app", "audit-consumer/target/quarkus-app/quarkus-run.jar", "java", "java"));
    List<String> jvmArgs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("-") && !arg.startsWith("--")) {
        jvmArgs.add(arg);
      } else if (arg.startsWith("--") && arg.contains("=")) {
        opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    int events = Integer.parseInt(opts.get("events"));
    int rate = Integer.parseInt(opts.get("rate"));
    String bootstrap = opts.get("bootstrap");
    String topic = "bench.decisions." + UUID.randomUUID();
    createTopic(bootstrap, topic, Integer.parseInt(opts.get("partitions")));
    Path dir = Files.createTempDirectory("ingest-bench");
    List<ProducerRecord<String, byte[]>> warmup = records(topic, Integer.parseInt(opts.get("warmup")), 1);
    List<ProducerRecord<String, byte[]>> measured = records(topic, events, 2);
    System.out.printf("bench topic=%s events=%d rate=%s app=%s java=%s jvm_args=%s dir=%s%n", topic, events,
        rate == 0 ? "max" : rate + "/s", opts.get("app"), opts.get("java"), jvmArgs, dir);
    boolean prefill = Boolean.parseBoolean(opts.get("prefill"));
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      if (prefill) {
        send(producer, warmup, 0);
        send(producer, measured, 0);
        System.out.printf("prefilled events=%d%n", warmup.size() + measured.size());
      }
      try (AuditProcess app = new AuditProcess(opts.get("java"), Path.of(opts.get("app")), dir, bootstrap, topic,
          jvmArgs)) {
        // --ready-s: on a saturated host Quarkus alone can take minutes to start.
        app.awaitReady(Duration.ofSeconds(Long.parseLong(opts.getOrDefault("ready-s", "90"))));
        if (!prefill) {
          send(producer, warmup, 0);
        }
        awaitIndexed(app, warmup.size());
        if (!prefill) {
          idle(app);
        }
        long cpu0 = app.cpuTicks();
        Map<String, Long> threads0 = app.threadTicks();
        long t0 = System.nanoTime();
        // From a backlog the consumer goes on past the warm-up before this look: those events are not timed.
        long timed = warmup.size() + events - app.indexed();
        if (!prefill) {
          send(producer, measured, rate);
        }
        long sent = System.nanoTime();
        awaitIndexed(app, warmup.size() + events);
        long done = System.nanoTime();
        long cpu = app.cpuTicks() - cpu0;
        threads(threads0, app.threadTicks(), timed);
        report(timed, done - t0, done - sent, cpu);
        System.out.printf("load loadavg=\"%s\" (other processes on this machine skew wall times)%n",
            Files.readString(Path.of("/proc/loadavg")).trim());
        probes(app, producer, topic, Integer.parseInt(opts.get("probes")), warmup.size() + events);
        long stored = app.stored();
        long expected = warmup.size() + events + probesOf(opts);
        System.out.printf("check stored=%d expected=%d %s%n", stored, expected,
            stored == expected ? "OK" : "MISMATCH");
      }
    } finally {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.deleteTopics(List.of(topic)).all().get();
      }
    }
  }

  private static int probesOf(Map<String, String> opts) {
    return Integer.parseInt(opts.get("probes"));
  }

  private static void report(long events, long wallNanos, long drainNanos, long cpuTicks) {
    double wall = wallNanos / 1e9;
    double cpu = cpuTicks / 100.0; // USER_HZ is 100 on Linux
    System.out.printf("result events=%d wall_s=%.2f events_per_s=%.0f cpu_s=%.2f cpu_us_per_event=%.1f "
        + "cores=%.2f drain_after_last_send_ms=%.0f%n", events, wall, events / wall, cpu,
        cpu * 1e6 / events, cpu / wall, drainNanos / 1e6);
  }

  // Where the CPU went, by thread name (threads that ended meanwhile are missing): seconds and
  // µs per event. DuckDB's own threads are the ones named "java".
  private static void threads(Map<String, Long> before, Map<String, Long> after, long events) {
    StringBuilder line = new StringBuilder("threads cpu_s/us_per_event");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() >= 5).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> line.append(String.format(" \"%s\"=%.2f/%.1f", e.getKey(), e.getValue() / 100.0,
            e.getValue() * 1e4 / events)));
    System.out.println(line);
  }

  // CPU while nothing arrives: the poll loop's own cost.
  private static void idle(AuditProcess app) throws Exception {
    long cpu0 = app.cpuTicks();
    Thread.sleep(5_000);
    System.out.printf("idle cpu_percent=%.1f%n", (app.cpuTicks() - cpu0) / 100.0 / 5 * 100);
  }

  // One event at a time, at low traffic: how long until it is indexed (metric polled every 5 ms).
  private static void probes(AuditProcess app, KafkaProducer<String, byte[]> producer, String topic, int count,
      long indexed) throws Exception {
    long[] millis = new long[count];
    List<ProducerRecord<String, byte[]>> probes = records(topic, count, 3);
    for (int i = 0; i < count; i++) {
      Thread.sleep(300);
      long t0 = System.nanoTime();
      producer.send(probes.get(i)).get();
      while (app.indexed() < indexed + i + 1) {
        Thread.sleep(5);
      }
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(millis);
    if (count > 0) {
      System.out.printf("latency probes=%d p50_ms=%d max_ms=%d%n", count, millis[count / 2], millis[count - 1]);
    }
  }

  // Each look is a scrape of /q/metrics, which costs the audit-consumer about a millisecond of
  // CPU (counted in its CPU per event): the wait between looks grows to 1 % of the time waited,
  // so a long or slow run takes a few hundred looks, not one per 50 ms, and is timed within 1 %.
  private static void awaitIndexed(AuditProcess app, long expected) throws Exception {
    long start = System.nanoTime();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (app.indexed() < expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("only " + app.indexed() + " of " + expected + " indexed");
      }
      Thread.sleep(Math.max(50, (System.nanoTime() - start) / 100_000_000)); // 1 % of the time waited, in ms
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records,
      int rate) throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < records.size(); i++) {
      if (rate > 0) {
        long due = start + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      producer.send(records.get(i));
    }
    producer.flush();
  }

  /** Events shaped like the PDP's: a quarter denied with reasons, keyed by session id. */
  static List<ProducerRecord<String, byte[]>> records(String topic, int count, long seed) {
    Random random = new Random(seed);
    Instant t0 = Instant.now();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      TestEvent event = TestEvent.at(t0.plusMillis(i)).session("session-" + seed + "-" + random.nextInt(500))
          .subject("user-" + random.nextInt(50)).clientId("agent-" + random.nextInt(20))
          .server("server-" + random.nextInt(5)).tool("tool_" + random.nextInt(20))
          .argument("repo", "org/repo-" + random.nextInt(1000));
      if (random.nextInt(4) == 0) {
        event.deny(403, "write", "role_not_granted", random.nextBoolean() ? "tool_not_allowed" : "scope_missing");
      }
      records.add(new ProducerRecord<>(topic, event.sessionId(), event.json().getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5));
  }

  private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }
}
