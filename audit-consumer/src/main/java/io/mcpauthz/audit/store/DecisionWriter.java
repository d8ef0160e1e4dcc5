package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Stores batches of decision events, idempotently: a decision_id already stored is skipped, a
 * repeat inside a batch is stored once (the first copy). Used by the consumer thread only.
 */
public interface DecisionWriter extends AutoCloseable {

  /** Stores the batch atomically; returns how many events were new. */
  int insert(List<DecisionEvent> events) throws SQLException;

  @Override
  void close();

  /** Microseconds since the epoch; exact over the years 0001..9999 (unlike ChronoUnit.MICROS, which overflows). */
  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
