package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing never blocks the caller, every event is kept in the spool until Kafka has it, and
 * every event that cannot be kept or delivered is counted. The restart and outage cases with a
 * real PDP are in {@code SpoolFaultIT}.
 */
class DecisionEventPublisherTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DecisionEventPublisher publisher;

  @TempDir
  Path spool;

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
  }

  @Test
  void shouldNeverBlockDecisionsAndKeepEveryEventWhenKafkaIsUnreachable() throws IOException {
    publisher = new DecisionEventPublisher(config(262_144, "1G", "fail-closed"), registry, unreachable());

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 200; i++) {
        publish("d-" + i, 10);
      }
    });

    assertThat(gauge("mcp_authz_spool_backlog_events")).isEqualTo(200);
    assertThat(counter("dropped")).isZero();
    assertThat(publisher.accepting()).isTrue();
  }

  @Test
  void shouldCountAnEventThatCannotBeBuilt() throws IOException {
    publisher = new DecisionEventPublisher(config(262_144, "1G", "fail-closed"), registry, unreachable());

    publisher.publish("session-1", "d-broken", () -> {
      throw new IllegalStateException("a bug in building");
    });

    assertThat(counter("unproducible")).isEqualTo(1);
    assertThat(gauge("mcp_authz_spool_backlog_events")).isZero();
  }

  @Test
  void shouldCountAndSkipAnEventTheBrokerRefuses() {
    // A cap set above the producer's max.request.size (1 MiB): the record itself is refused.
    publisher = new DecisionEventPublisher(config(4 << 20, "1G", "fail-closed"), registry, kafka());

    publisher.publish("session-1", "d-big", () -> JsonNodeFactory.instance.objectNode().put("decision_id", "d-big")
        .put("padding", "x".repeat(2 << 20)));
    publish("d-after", 10);

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> gauge("mcp_authz_spool_backlog_events") == 0);
    assertThat(counter("unproducible")).isEqualTo(1);
    assertThat(counter("published")).isEqualTo(1);
    assertThat(counter("failed")).isZero();
  }

  @Test
  void shouldRefuseNewCallsWhenFullYetKeepTheirDeniesInTheReserve() throws IOException {
    publisher = new DecisionEventPublisher(config(262_144, "64K", "fail-closed"), registry, unreachable());

    int appended = 0;
    while (publisher.accepting()) {
      publish("d-" + appended++, 1000);
    }
    assertThat(publisher.state()).isEqualTo(DecisionEventPublisher.State.FULL);
    assertThat(appended).as("64 KiB less the 16 KiB reserve, about 1 KiB an event").isBetween(40, 50);

    publish("d-denied", 1000); // the audit_unavailable deny of the next call
    assertThat(gauge("mcp_authz_spool_backlog_events")).isEqualTo(appended + 1);
    assertThat(counter("dropped")).isZero();
    while (counter("dropped") == 0) { // the reserve too is used up: counted, never silent
      publish("d-denied", 1000);
    }
    assertThat(gauge("mcp_authz_spool_backlog_bytes")).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void shouldDropAndCountWhenFullWithDrop() throws IOException {
    publisher = new DecisionEventPublisher(config(262_144, "64K", "drop"), registry, unreachable());

    for (int i = 0; i < 100; i++) {
      publish("d-" + i, 1000);
    }

    assertThat(publisher.accepting()).isTrue();
    assertThat(publisher.state()).isEqualTo(DecisionEventPublisher.State.DROPPING);
    assertThat(counter("dropped")).isGreaterThan(30);
    assertThat(gauge("mcp_authz_spool_backlog_events") + counter("dropped")).isEqualTo(100);
  }

  private void publish(String id, int padding) {
    publisher.publish("session-1", id, () -> JsonNodeFactory.instance.objectNode().put("decision_id", id)
        .put("padding", "p".repeat(padding)));
  }

  private double counter(String result) {
    return registry.counter("mcp_authz_events", "result", result).count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  static String kafka() {
    String bootstrap = System.getenv("MCP_AUTHZ_TEST_KAFKA");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalStateException("MCP_AUTHZ_TEST_KAFKA is not set: run the tests with ./mcp-authz test");
    }
    return bootstrap;
  }

  private static String unreachable() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  private EventConfig config(int maxEventBytes, String maxBytes, String onFull) {
    return config(spool, "test.decisions." + UUID.randomUUID(), maxEventBytes, maxBytes, onFull);
  }

  static EventConfig config(Path directory, String topic, int maxEventBytes, String maxBytes, String onFull) {
    EventConfig.Spool spoolConfig = new EventConfig.Spool() {
      @Override
      public Path directory() {
        return directory;
      }

      @Override
      public MemorySize maxBytes() {
        return size(maxBytes);
      }

      @Override
      public MemorySize reserveBytes() {
        return new MemorySize(size(maxBytes).asBigInteger().divide(BigInteger.valueOf(4)));
      }

      @Override
      public MemorySize segmentBytes() {
        return size("16K");
      }

      @Override
      public Duration fsyncInterval() {
        return Duration.ofMillis(100);
      }

      @Override
      public Duration forwardLinger() {
        return Duration.ofMillis(50);
      }

      @Override
      public EventConfig.OnFull onFull() {
        return "drop".equals(onFull) ? EventConfig.OnFull.DROP : EventConfig.OnFull.FAIL_CLOSED;
      }

      @Override
      public Duration drainTimeout() {
        return Duration.ofSeconds(1);
      }
    };
    return new EventConfig() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int maxEventBytes() {
        return maxEventBytes;
      }

      @Override
      public Spool spool() {
        return spoolConfig;
      }
    };
  }

  private static MemorySize size(String text) {
    long unit = text.endsWith("G") ? 1L << 30 : text.endsWith("M") ? 1L << 20 : text.endsWith("K") ? 1L << 10 : 1;
    String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
    return new MemorySize(BigInteger.valueOf(Long.parseLong(digits) * unit));
  }
}
