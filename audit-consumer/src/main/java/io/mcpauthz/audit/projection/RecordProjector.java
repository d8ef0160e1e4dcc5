package io.mcpauthz.audit.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEventParser;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Projects one poll's records onto the projection's topic: each event is parsed as the indexer
 * parses it, projected, and produced with the source record's key (so a session stays on one
 * partition, in order) and headers (among them the PDP's {@code mcp-authz-replayed}). Returns
 * only once every record is acknowledged by the topic or is a dead letter to publish.
 */
final class RecordProjector {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DecisionEventParser parser = new DecisionEventParser();
  private final Projection projection;
  private final String topic;

  RecordProjector(Projection projection, String topic) {
    this.projection = projection;
    this.topic = topic;
  }

  /** What a batch came to: records acknowledged by the topic, and records to dead-letter. */
  record Outcome(int produced, List<Letter> letters) {
  }

  /** Thrown when the topic did not acknowledge every record: the batch is to be produced again. */
  static final class NotAcknowledged extends Exception {
    final int failed;

    NotAcknowledged(int failed, Throwable cause) {
      super("projected records not acknowledged: " + failed, cause);
      this.failed = failed;
    }
  }

  private record Sent(ConsumerRecord<byte[], byte[]> source, Future<RecordMetadata> ack) {
  }

  Outcome project(ConsumerRecords<byte[], byte[]> records, Producer<byte[], byte[]> producer)
      throws NotAcknowledged, InterruptedException {
    List<Letter> letters = new ArrayList<>();
    List<Sent> sent = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> source : records) {
      byte[] value = document(source, letters);
      if (value != null) {
        // Outside document()'s try: a producer that cannot send fails the batch, never dead-letters it.
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, source.key(), value, source.headers());
        sent.add(new Sent(source, producer.send(record)));
      }
    }
    producer.flush();
    return new Outcome(awaitAcks(sent, letters), letters);
  }

  /** The projected document, or null when the record is a dead letter (added to {@code letters}). */
  private byte[] document(ConsumerRecord<byte[], byte[]> source, List<Letter> letters) {
    try {
      String json = parser.parse(source.value()).json();
      return MAPPER.writeValueAsBytes(projection.apply(MAPPER.readTree(json)));
    } catch (AuditException e) {
      letters.add(new Letter(source, e.code(), e.getMessage()));
    } catch (IOException | RuntimeException e) {
      // A projection bug must not turn one record into a poison pill that stops the topic.
      letters.add(new Letter(source, ErrorCode.EVENT_PROJECTION_FAILED,
          "projection failed, " + e.getClass().getSimpleName()));
    }
    return null;
  }

  // A record the broker refuses for itself is poison; anything else (broker away, timeout) fails the batch.
  private static int awaitAcks(List<Sent> sent, List<Letter> letters) throws NotAcknowledged, InterruptedException {
    int produced = 0;
    int failed = 0;
    Throwable firstFailure = null;
    for (Sent s : sent) {
      try {
        s.ack().get();
        produced++;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException) {
          letters.add(new Letter(s.source(), ErrorCode.EVENT_PROJECTION_FAILED,
              "projected record refused by the topic, " + cause.getClass().getSimpleName()));
        } else {
          failed++;
          firstFailure = firstFailure == null ? cause : firstFailure;
        }
      }
    }
    if (failed > 0) {
      throw new NotAcknowledged(failed, firstFailure);
    }
    return produced;
  }
}
