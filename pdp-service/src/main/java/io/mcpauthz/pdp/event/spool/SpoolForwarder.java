package io.mcpauthz.pdp.event.spool;

import io.mcpauthz.pdp.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * The one thread that replays the journal to Kafka, in journal order: a batch is sent, and
 * acknowledged in the journal once the broker has every record of it. After any failure the
 * whole batch is sent again from its first record, for as long as the broker stays away
 * (duplicates are possible, gaps are not; consumers deduplicate by {@code decision_id}).
 *
 * <p>After a batch that reached the journal's end it waits {@code linger} before reading again
 * (unless stopping; a backlog is sent batch after batch without it), so that at moderate rates events travel in batches: one wake-up of this thread and
 * of the producer's, and one produce request, per batch instead of per event. The first event
 * after a quiet spell goes at once. Events are durable in the journal before; this only delays
 * their arrival in Kafka, by at most {@code linger}.
 */
public final class SpoolForwarder {

  private static final Logger LOGGER = Logger.getLogger(SpoolForwarder.class);
  static final String REPLAYED_HEADER = "mcp-authz-replayed";
  private static final int BATCH_RECORDS = 500;
  private static final int BATCH_BYTES = 1 << 20;
  private static final Duration IDLE_WAIT = Duration.ofMillis(100);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** Past this a linger is audit lag, not batching: refused at startup. */
  private static final Duration MAX_LINGER = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Journal journal;
  private final Duration linger;
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Counter published;
  private final Counter failed;
  private final Counter unproducible;
  private final Counter replays;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile long drainDeadline = Long.MAX_VALUE;
  private volatile long oldestAppendedAt;
  /** Records before this position may have been sent before: by an earlier attempt or process. */
  private long sentBefore;

  /** Reads again as soon as a batch is acknowledged: no {@code linger}. */
  public SpoolForwarder(Journal journal, Producer<String, byte[]> producer, String topic, MeterRegistry registry) {
    this(journal, producer, topic, registry, Duration.ZERO);
  }

  public SpoolForwarder(Journal journal, Producer<String, byte[]> producer, String topic, MeterRegistry registry,
      Duration linger) {
    this.journal = journal;
    this.linger = linger;
    this.producer = producer;
    this.topic = topic;
    this.published = registry.counter("mcp_authz_events", "result", "published");
    this.failed = registry.counter("mcp_authz_events", "result", "failed");
    this.unproducible = registry.counter("mcp_authz_events", "result", "unproducible");
    this.replays = registry.counter("mcp_authz_spool_replays");
    this.sentBefore = journal.end(); // a backlog found at startup may have reached Kafka already
    this.thread = DaemonThreads.named("decision-spool-forwarder", this::run);
  }

  public void start() {
    thread.start();
  }

  /** Append time (epoch millis) of the oldest record not yet acknowledged; 0 when none is known. */
  public long oldestAppendedAt() {
    return journal.backlogEvents() == 0 ? 0 : oldestAppendedAt;
  }

  /**
   * Forwards what it can within {@code drain}, then stops; what was not acknowledged stays in
   * the journal for the next start.
   *
   * @return whether the journal was fully forwarded
   */
  public boolean stop(Duration drain) throws InterruptedException {
    drainDeadline = System.nanoTime() + drain.toNanos();
    stop.countDown();
    thread.join(Math.max(1, drain.toMillis()));
    return !thread.isAlive() && journal.backlogEvents() == 0;
  }

  /** Waits for the thread to end once the producer was closed under it. */
  public void awaitStopped(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
  }

  /** The configured linger, checked: {@code mcp-authz.events.spool.forward-linger}. */
  public static Duration checkedLinger(Duration linger) {
    if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
      throw new IllegalArgumentException(
          "mcp-authz.events.spool.forward-linger must be between 0ms and " + MAX_LINGER.toMillis() + "ms, was " + linger);
    }
    return linger;
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  private void run() {
    long position = journal.acknowledged();
    Duration backoff = FIRST_BACKOFF;
    while (!stopping() || (journal.backlogEvents() > 0 && System.nanoTime() < drainDeadline)) {
      try {
        long end = journal.end();
        List<JournalRecord> batch = journal.read(position, BATCH_RECORDS, BATCH_BYTES);
        if (batch.isEmpty()) {
          if (stopping()) {
            return;
          }
          journal.awaitAppended(position, IDLE_WAIT);
          continue;
        }
        oldestAppendedAt = batch.get(0).appendedAt();
        long next = batch.get(batch.size() - 1).next();
        boolean delivered = deliver(batch);
        sentBefore = Math.max(sentBefore, next);
        if (delivered) {
          journal.acknowledge(next, batch.size());
          position = next;
          backoff = FIRST_BACKOFF;
          // Only once the read caught up with the journal: a batch cut by its byte cap or at a
          // segment's end has a backlog behind it, which must not wait a linger per batch.
          if (next >= end && !linger.isZero()) {
            stop.await(linger.toNanos(), TimeUnit.NANOSECONDS); // appends do not wake this wait
          }
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) { // a closed producer, a read error: the journal keeps the records
        LOGGER.warnf("spool forwarding paused error=%s", e.getClass().getName());
      }
      if (!pause(backoff)) {
        return;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  /** Waits before sending again; false when stopping and the drain time is over. */
  private boolean pause(Duration backoff) {
    try {
      return !(stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS) && System.nanoTime() >= drainDeadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends the batch and waits for every answer; true when none needs sending again. */
  private boolean deliver(List<JournalRecord> batch) throws InterruptedException {
    List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
    try {
      for (JournalRecord record : batch) {
        sent.add(producer.send(toKafka(record)));
      }
    } catch (RuntimeException e) { // e.g. no metadata within max.block.ms: the broker is away
      LOGGER.debugf("send refused error=%s", e.getClass().getSimpleName());
    }
    int undelivered = batch.size() - sent.size();
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get();
        published.increment();
      } catch (ExecutionException e) {
        undelivered += resendable(batch.get(i), e.getCause()) ? 1 : 0;
      }
    }
    if (undelivered > 0) {
      failed.increment(undelivered);
      LOGGER.warnf("decision events not delivered, resending from the spool events=%d", undelivered);
    }
    return undelivered == 0;
  }

  /** @return false when sending the record again cannot help: the broker refuses the record itself */
  private boolean resendable(JournalRecord record, Throwable error) {
    if (error instanceof RecordTooLargeException || error instanceof SerializationException
        || error instanceof InvalidRecordException) {
      unproducible.increment();
      LOGGER.errorf("decision event unproducible decision_id=%s error=%s", decisionId(record), error.getClass().getName());
      return false;
    }
    return true;
  }

  private static String decisionId(JournalRecord record) {
    try {
      return JSON.readTree(record.value()).path("decision_id").asText();
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private ProducerRecord<String, byte[]> toKafka(JournalRecord record) {
    RecordHeaders headers = new RecordHeaders();
    if (record.position() < sentBefore) {
      headers.add(REPLAYED_HEADER, "1".getBytes(StandardCharsets.UTF_8));
      replays.increment();
    }
    return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
  }
}
