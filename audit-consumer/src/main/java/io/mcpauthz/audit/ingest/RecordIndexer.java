package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEventParser;
import io.mcpauthz.audit.ingest.Batch.Parsed;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import io.mcpauthz.audit.store.Database;
import io.mcpauthz.audit.store.DecisionWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Indexes one poll's records: parses them ({@link #parse}, on the consumer thread), stores the
 * good ones in one transaction and sends the rest to the dead-letter topic ({@link #store}, on
 * the writer thread). A record is rejected when it does not parse, or when the
 * store refuses it while still answering (a poison event); if the store itself is down, the
 * whole batch fails and is retried from the same offsets. Rejections are logged by position and
 * reason, never content (it may hold secrets).
 */
@ApplicationScoped
public class RecordIndexer {

  private static final Logger LOGGER = Logger.getLogger(RecordIndexer.class);

  private final DecisionEventParser parser = new DecisionEventParser();
  private final DecisionWriter writer;
  private final Database store;
  private final DeadLetters deadLetters;
  private final IngestMetrics metrics;
  private final ConsumerStatus status;

  public RecordIndexer(DecisionWriter writer, Database store, DeadLetters deadLetters, IngestMetrics metrics,
      ConsumerStatus status) {
    this.writer = writer;
    this.store = store;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.status = status;
  }

  /** The consumer thread's half: record bytes to events, and the offsets the batch ends at. */
  Batch parse(ConsumerRecords<byte[], byte[]> records) {
    List<Parsed> parsed = new ArrayList<>(records.count());
    List<Letter> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        parsed.add(new Parsed(record, parser.parse(record.value())));
      } catch (AuditException e) {
        letters.add(new Letter(record, e.code(), e.getMessage()));
      } catch (RuntimeException e) {
        // A parser bug must not turn one record into a poison pill that stops ingest.
        letters.add(new Letter(record, ErrorCode.EVENT_INVALID, e.getClass().getSimpleName()));
      }
    }
    return new Batch(parsed, letters, records.nextOffsets());
  }

  /** Stores and dead-letters the batch; returns normally only when every record is in one or the other. */
  void store(Batch batch) throws Exception {
    List<Parsed> parsed = batch.parsed();
    List<Letter> letters = new ArrayList<>(batch.rejected());
    int parseRejected = letters.size();
    int inserted = store(parsed, letters);
    deadLetters.publish(letters);
    letters.forEach(this::logRejected);
    metrics.indexed(inserted);
    // A decision_id twice in one batch, or already stored, is a redelivery.
    int duplicates = parsed.size() - inserted - (letters.size() - parseRejected);
    metrics.duplicates(duplicates);
    if (inserted > 0) {
      status.indexed(Instant.now());
      LOGGER.debugf("events indexed count=%d duplicates=%d", inserted, duplicates);
    }
  }

  private int store(List<Parsed> parsed, List<Letter> letters) throws SQLException {
    try {
      return writer.insert(parsed.stream().map(Parsed::event).toList());
    } catch (SQLException | RuntimeException e) {
      if (!store.reachable()) {
        throw e;
      }
      LOGGER.warnf("batch refused by the store, storing its events one by one count=%d error=%s",
          parsed.size(), describe(e));
      return storeOneByOne(parsed, letters);
    }
  }

  // Only after a batch failed: finds the event(s) the store refuses, keeps all the others.
  private int storeOneByOne(List<Parsed> parsed, List<Letter> letters) throws SQLException {
    int inserted = 0;
    for (Parsed p : parsed) {
      try {
        inserted += writer.insert(List.of(p.event()));
      } catch (SQLException | RuntimeException e) {
        if (!store.reachable()) {
          throw e; // the store went away meanwhile: retry the whole batch later
        }
        letters.add(new Letter(p.record(), ErrorCode.EVENT_STORE_REJECTED, describe(e)));
      }
    }
    return inserted;
  }

  // A store error's text may quote a value from the event: only its class and SQL state.
  static String describe(Exception e) {
    return e instanceof SQLException sql ? "store error, sql_state=" + sql.getSQLState()
        : "store error, " + e.getClass().getSimpleName();
  }

  private void logRejected(Letter letter) {
    ConsumerRecord<byte[], byte[]> record = letter.record();
    LOGGER.warnf("event dead-lettered error_code=%s topic=%s partition=%d offset=%d reason=\"%s\"",
        letter.code(), record.topic(), record.partition(), record.offset(), letter.message());
    metrics.rejected(letter.code());
  }
}
