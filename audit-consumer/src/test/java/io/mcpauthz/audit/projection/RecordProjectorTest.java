package io.mcpauthz.audit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import io.mcpauthz.audit.support.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * One batch: projected records keep key and headers, poison becomes a dead letter, an
 * unacknowledged send fails the batch.
 */
class RecordProjectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");
  private static final TopicPartition SOURCE = new TopicPartition("mcp-authz.decisions", 0);

  private final List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();

  @Test
  void shouldProduceEachEventProjectedWithItsKeyAndHeaders() throws Exception {
    TestEvent event = TestEvent.at(T0).deny(403, "admin", "role_not_granted");
    add(event.sessionId(), event.json(), "mcp-authz-replayed", "1");
    MockProducer<byte[], byte[]> producer = producer(null);

    RecordProjector.Outcome outcome = new RecordProjector(Projection.OCSF, "siem.ocsf").project(records(), producer);

    assertThat(outcome.produced()).isEqualTo(1);
    assertThat(outcome.letters()).isEmpty();
    ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("siem.ocsf");
    assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo(event.sessionId());
    assertThat(sent.headers().lastHeader("mcp-authz-replayed").value()).asString(StandardCharsets.UTF_8).isEqualTo("1");
    JsonNode ocsf = JSON.readTree(sent.value());
    assertThat(ocsf.get("class_uid").intValue()).isEqualTo(6003);
    assertThat(ocsf.at("/metadata/uid").textValue()).isEqualTo(event.id());
  }

  @Test
  void shouldDeadLetterWhatIsNoEventAndProduceTheRest() throws Exception {
    TestEvent good = TestEvent.at(T0);
    add("s", "{not json");
    add("s", TestEvent.at(T0).set("schema", "other/v9").json());
    add("s", TestEvent.at(T0).set("time", "+300000-01-01T00:00:00Z").json());
    add(good.sessionId(), good.json());
    MockProducer<byte[], byte[]> producer = producer(null);

    RecordProjector.Outcome outcome = new RecordProjector(Projection.ECS, "siem.ecs").project(records(), producer);

    assertThat(outcome.produced()).isEqualTo(1);
    assertThat(outcome.letters()).extracting(Letter::code)
        .containsExactly(ErrorCode.EVENT_NOT_JSON, ErrorCode.EVENT_SCHEMA_UNSUPPORTED, ErrorCode.EVENT_TIME_INVALID);
    assertThat(outcome.letters()).extracting(letter -> letter.record().offset()).containsExactly(0L, 1L, 2L);
    assertThat(JSON.readTree(producer.history().get(0).value()).at("/event/id").textValue()).isEqualTo(good.id());
  }

  @Test
  void shouldDeadLetterARecordTheTopicRefusesForItsSize() throws Exception {
    add("s", TestEvent.at(T0).json());
    add("s", TestEvent.at(T0).json());
    MockProducer<byte[], byte[]> producer = producer(new RecordTooLargeException("too large"));

    RecordProjector.Outcome outcome = new RecordProjector(Projection.OCSF, "siem.ocsf").project(records(), producer);

    assertThat(outcome.produced()).isEqualTo(1);
    assertThat(outcome.letters()).singleElement().satisfies(letter -> {
      assertThat(letter.code()).isEqualTo(ErrorCode.EVENT_PROJECTION_FAILED);
      assertThat(letter.record().offset()).isZero();
    });
  }

  @Test
  void shouldFailTheBatchWhenTheTopicDoesNotAcknowledge() {
    add("s", TestEvent.at(T0).json());
    add("s", TestEvent.at(T0).json());
    MockProducer<byte[], byte[]> producer = producer(new TimeoutException("broker away"));

    assertThatThrownBy(() -> new RecordProjector(Projection.OCSF, "siem.ocsf").project(records(), producer))
        .isInstanceOfSatisfying(RecordProjector.NotAcknowledged.class, e -> assertThat(e.failed).isEqualTo(1))
        .hasCauseInstanceOf(TimeoutException.class);
  }

  private void add(String key, String value, String... header) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < header.length; i += 2) {
      headers.add(header[i], header[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    batch.add(new ConsumerRecord<>(SOURCE.topic(), SOURCE.partition(), batch.size(), 0L, TimestampType.CREATE_TIME,
        -1, -1, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), headers,
        Optional.empty()));
  }

  private ConsumerRecords<byte[], byte[]> records() {
    return new ConsumerRecords<>(Map.of(SOURCE, batch), Map.of());
  }

  /** A producer that acknowledges every send, except that the first one fails with {@code firstFailure}. */
  private static MockProducer<byte[], byte[]> producer(RuntimeException firstFailure) {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      private boolean failed;

      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        if (firstFailure != null && !failed) {
          failed = true;
          return CompletableFuture.failedFuture(firstFailure);
        }
        return super.send(record);
      }
    };
  }
}
