package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Publishing never blocks or fails the caller, and every event it cannot deliver is counted. */
class DecisionEventPublisherTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DecisionEventPublisher publisher;

  @AfterEach
  void close() {
    publisher.close();
  }

  @Test
  void shouldNeverBlockDecisionsWhenKafkaIsUnreachable() throws IOException {
    publisher = new DecisionEventPublisher(config(4, 262_144), registry, "127.0.0.1:" + closedPort());

    // The producer waits up to max.block.ms (10 s) per send for metadata that never comes; 200
    // events would take minutes if publish() waited for it.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 200; i++) {
        String id = "d-" + i;
        publisher.publish("session-1", id, () -> JsonNodeFactory.instance.objectNode().put("decision_id", id));
      }
    });

    assertThat(registry.counter("mcp_authz_events", "result", "dropped").count())
        .as("events beyond the queue are dropped and counted, not waited for")
        .isGreaterThan(0);
  }

  @Test
  void shouldCountAnEventThatCannotBeBuilt() throws IOException {
    publisher = new DecisionEventPublisher(config(4, 262_144), registry, "127.0.0.1:" + closedPort());

    publisher.publish("session-1", "d-broken", () -> {
      throw new IllegalStateException("a bug in building");
    });

    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> registry.counter("mcp_authz_events", "result", "unproducible").count() == 1);
  }

  @Test
  void shouldCountAndLogAnEventTheProducerRefuses() {
    // A cap set above the producer's max.request.size (1 MiB): the record itself is refused.
    publisher = new DecisionEventPublisher(config(4, 4 << 20), registry, kafka());

    publisher.publish("session-1", "d-big", () -> JsonNodeFactory.instance.objectNode().put("decision_id", "d-big")
        .put("padding", "x".repeat(2 << 20)));

    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> registry.counter("mcp_authz_events", "result", "unproducible").count() == 1);
    assertThat(registry.counter("mcp_authz_events", "result", "failed").count()).isZero();
  }

  private static String kafka() {
    String bootstrap = System.getenv("MCP_AUTHZ_TEST_KAFKA");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalStateException("MCP_AUTHZ_TEST_KAFKA is not set: run the tests with ./mcp-authz test");
    }
    return bootstrap;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static EventConfig config(int capacity, int maxEventBytes) {
    String topic = "test.decisions." + UUID.randomUUID();
    return new EventConfig() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int queueCapacity() {
        return capacity;
      }

      @Override
      public int maxEventBytes() {
        return maxEventBytes;
      }
    };
  }
}
