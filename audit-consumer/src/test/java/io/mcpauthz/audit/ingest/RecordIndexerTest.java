package io.mcpauthz.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DuckDbWriter;
import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.support.TestDuckDb;
import io.mcpauthz.audit.support.TestEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch against a real DuckDB file: bad records go to the dead letters, the rest is stored;
 * a store that is down fails the batch instead. The DLQ producer is replaced by a list here;
 * DecisionConsumerTest covers the real topic.
 */
class RecordIndexerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");
  private static final TopicPartition PARTITION = new TopicPartition("decisions", 0);

  private final List<Letter> published = new ArrayList<>();
  @RegisterExtension
  final TestDuckDb store = new TestDuckDb(RefusingWriter::new);

  private DuckDb db;
  private RefusingWriter writer;
  private RecordIndexer indexer;

  @BeforeEach
  void open() {
    db = store.db();
    writer = (RefusingWriter) store.writer();
    DeadLetters deadLetters = new DeadLetters(null) {
      @Override
      public synchronized void publish(List<Letter> letters) {
        published.addAll(letters);
      }
    };
    indexer = new RecordIndexer(writer, db, deadLetters, new IngestMetrics(new SimpleMeterRegistry(),
        new ConsumerStatus()), new ConsumerStatus());
  }

  @Test
  void shouldDeadLetterTimeOutsideStoreRangeAndIndexTheRest() throws Exception {
    TestEvent before = TestEvent.at(T0);
    TestEvent after = TestEvent.at(T0.plusSeconds(1));
    index(batch(before.json(), TestEvent.at(T0).set("time", "+300000-01-01T00:00:00Z").json(),
        after.json()));

    assertThat(stored()).isEqualTo(2);
    assertThat(published).extracting(Letter::code).containsExactly(ErrorCode.EVENT_TIME_INVALID);
    assertThat(published).extracting(letter -> letter.record().offset()).containsExactly(1L);
  }

  @Test
  void shouldDeadLetterEventTheStoreRefusesAndKeepTheOthers() throws Exception {
    TestEvent poison = TestEvent.at(T0);
    writer.refuse = poison.id();
    index(batch(TestEvent.at(T0).json(), poison.json(), "{broken", TestEvent.at(T0).json()));

    assertThat(stored()).isEqualTo(2);
    assertThat(published).extracting(Letter::code)
        .containsExactly(ErrorCode.EVENT_NOT_JSON, ErrorCode.EVENT_STORE_REJECTED);
    assertThat(published.get(1).record().offset()).isEqualTo(1L);
    assertThat(published.get(1).message()).startsWith("store error").doesNotContain(poison.id());
  }

  @Test
  void shouldFailWholeBatchWhenStoreIsDown() throws Exception {
    execute("DROP TABLE decisions");

    assertThatThrownBy(() -> index(batch(TestEvent.at(T0).json(), "{broken")))
        .isInstanceOf(SQLException.class);
    assertThat(published).isEmpty();
  }

  @Test
  void shouldStoreRedeliveredBatchOnce() throws Exception {
    ConsumerRecords<byte[], byte[]> records = batch(TestEvent.at(T0).json(), TestEvent.at(T0).json());
    index(records);
    index(records);
    assertThat(stored()).isEqualTo(2);
  }

  private void index(ConsumerRecords<byte[], byte[]> records) throws Exception {
    indexer.store(indexer.parse(records));
  }

  private long stored() {
    return new DecisionReader(db).count();
  }

  private void execute(String sql) throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      statement.execute(sql);
    }
  }

  private static ConsumerRecords<byte[], byte[]> batch(String... values) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      records.add(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), i, null,
          values[i].getBytes(StandardCharsets.UTF_8)));
    }
    return new ConsumerRecords<>(Map.of(PARTITION, records),
        Map.of(PARTITION, new OffsetAndMetadata(values.length)));
  }

  /** The real writer, refusing one decision_id the way a store refuses a value it cannot hold. */
  private static final class RefusingWriter extends DuckDbWriter {

    private String refuse;

    RefusingWriter(DuckDb db) {
      super(db);
    }

    @Override
    public synchronized int insert(List<DecisionEvent> events) throws SQLException {
      if (events.stream().anyMatch(e -> e.decisionId().equals(refuse))) {
        throw new SQLException("value out of range: " + refuse, "22008");
      }
      return super.insert(events);
    }
  }
}
