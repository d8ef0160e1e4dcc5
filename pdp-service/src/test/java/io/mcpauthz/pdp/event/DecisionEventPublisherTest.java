package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With no broker at all, publishing must neither block the caller nor fail it. */
class DecisionEventPublisherTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DecisionEventPublisher publisher;

  @AfterEach
  void close() {
    publisher.close();
  }

  @Test
  void shouldNeverBlockDecisionsWhenKafkaIsUnreachable() throws IOException {
    publisher = new DecisionEventPublisher(config(4), new ObjectMapper(), registry, "127.0.0.1:" + closedPort());

    // The producer waits up to max.block.ms (10 s) per send for metadata that never comes; 200
    // events would take minutes if publish() waited for it.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 200; i++) {
        publisher.publish("session-1", JsonNodeFactory.instance.objectNode().put("decision_id", "d-" + i));
      }
    });

    assertThat(registry.counter("mcp_authz_events", "result", "dropped").count())
        .as("events beyond the queue are dropped and counted, not waited for")
        .isGreaterThan(0);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static EventConfig config(int capacity) {
    return new EventConfig() {
      @Override
      public String topic() {
        return "test.decisions";
      }

      @Override
      public int queueCapacity() {
        return capacity;
      }
    };
  }
}
