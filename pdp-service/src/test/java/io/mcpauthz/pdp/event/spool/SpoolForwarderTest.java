package io.mcpauthz.pdp.event.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder's contract with the journal, on a producer whose answers the test gives: a
 * batch is acknowledged only when every record of it was delivered, and after a failure the
 * batch is resent from its first record, in order, marked as a replay. The same against a real
 * broker and a real PDP is {@code SpoolFaultIT}.
 */
class SpoolForwarderTest {

  @TempDir
  Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());

  @Test
  void shouldResendFromTheOldestUnacknowledgedRecordAfterAFailure() throws Exception {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      SpoolForwarder forwarder = new SpoolForwarder(journal, producer, "decisions", registry);
      for (int i = 0; i < 3; i++) { // after the forwarder exists (not a backlog from before), one batch
        journal.append("s-" + i, JournalTest.value(i), 0);
      }
      forwarder.start();

      awaitSent(3);
      producer.errorNext(new TimeoutException("broker away")); // the first record fails, the others land
      producer.completeNext();
      producer.completeNext();
      assertThat(journal.backlogEvents()).isEqualTo(3);

      awaitSent(6);
      for (int i = 0; i < 3; i++) {
        producer.completeNext();
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlogEvents() == 0);
      forwarder.stop(Duration.ofSeconds(1));

      List<ProducerRecord<String, byte[]>> sent = producer.history();
      assertThat(sent).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("event-0", "event-1", "event-2", "event-0", "event-1", "event-2");
      assertThat(sent).extracting(ProducerRecord::key).containsExactly("s-0", "s-1", "s-2", "s-0", "s-1", "s-2");
      assertThat(sent.subList(0, 3)).allSatisfy(r -> assertThat(r.headers().lastHeader("mcp-authz-replayed")).isNull());
      assertThat(sent.subList(3, 6)).allSatisfy(r -> assertThat(r.headers().lastHeader("mcp-authz-replayed")).isNotNull());
      assertThat(journal.acknowledged()).isEqualTo(journal.end());
      assertThat(registry.counter("mcp_authz_events", "result", "failed").count()).isEqualTo(1);
      assertThat(registry.counter("mcp_authz_events", "result", "published").count()).isEqualTo(5);
      assertThat(registry.counter("mcp_authz_spool_replays").count()).isEqualTo(3);
    }
  }

  @Test
  void shouldMarkABacklogFoundAtStartupAsReplayed() throws Exception {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      journal.append("s", JournalTest.value(0), 0);
    }
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      SpoolForwarder forwarder = new SpoolForwarder(journal, producer, "decisions", registry);
      forwarder.start();
      awaitSent(1);
      producer.completeNext();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlogEvents() == 0);
      journal.append("s", JournalTest.value(1), 0);
      awaitSent(2);
      producer.completeNext();
      forwarder.stop(Duration.ofSeconds(5));

      assertThat(producer.history().get(0).headers().lastHeader("mcp-authz-replayed")).isNotNull();
      assertThat(producer.history().get(1).headers().lastHeader("mcp-authz-replayed")).isNull();
    }
  }

  @Test
  void shouldHoldTheNextBatchForTheLingerButNotPastAStop() throws Exception {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      SpoolForwarder forwarder = new SpoolForwarder(journal, producer, "decisions", registry, Duration.ofSeconds(30));
      forwarder.start();
      journal.append("s", JournalTest.value(0), 0); // after a quiet spell: sent at once
      awaitSent(1);
      producer.completeNext();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlogEvents() == 0);

      journal.append("s", JournalTest.value(1), 0); // inside the linger that follows a short batch
      Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> producer.history().size() == 1);
      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
        try {
          return forwarder.stop(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      awaitSent(2); // the stop ended the linger: the drain sends the rest long before 30 s
      producer.completeNext();
      assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(journal.acknowledged()).isEqualTo(journal.end());
    }
  }

  @Test
  void shouldSendABacklogOfLargeEventsWithoutALingerPerBatch() throws Exception {
    MockProducer<String, byte[]> completing =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    byte[] large = new byte[3 * 1024]; // 350 per 1 MiB batch: every batch is cut by bytes, not by count
    try (Journal journal = Journal.open(dir, 8 << 20)) {
      for (int i = 0; i < 700; i++) {
        journal.append("s", large, 0);
      }
      SpoolForwarder forwarder = new SpoolForwarder(journal, completing, "decisions", registry, Duration.ofSeconds(30));
      forwarder.start();
      // a linger after the first batch would hold the second for 30 s
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completing.history().size() == 700);
      assertThat(forwarder.stop(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void shouldRefuseALingerThatWouldBeAuditLag() {
    assertThat(SpoolForwarder.checkedLinger(Duration.ZERO)).isZero();
    assertThat(SpoolForwarder.checkedLinger(Duration.ofSeconds(1))).hasSeconds(1);
    assertThatThrownBy(() -> SpoolForwarder.checkedLinger(Duration.ofMillis(1001)))
        .hasMessageContaining("mcp-authz.events.spool.forward-linger");
    assertThatThrownBy(() -> SpoolForwarder.checkedLinger(Duration.ofMillis(-1)))
        .hasMessageContaining("mcp-authz.events.spool.forward-linger");
  }

  private void awaitSent(int records) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() >= records);
  }
}
