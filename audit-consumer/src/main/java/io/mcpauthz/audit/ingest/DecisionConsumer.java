package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.AuditConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Runs the Kafka consumer on its own thread from startup to shutdown; a {@link WriterThread}
 * stores each batch while the next is polled and parsed. Offsets are committed only after a
 * batch is stored, in poll order (at-least-once; the store drops redeliveries by decision_id).
 * Any failure (Kafka unreachable, store error, lost group membership) closes the consumer and
 * builds a new one after a back-off, resuming from the last committed offsets.
 */
@ApplicationScoped
public class DecisionConsumer {

  private static final Logger LOGGER = Logger.getLogger(DecisionConsumer.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final AuditConfig config;
  private final RecordIndexer indexer;
  private final ConsumerStatus status;
  private final WriterThread writes;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  public DecisionConsumer(AuditConfig config, RecordIndexer indexer, ConsumerStatus status) {
    this.config = config;
    this.indexer = indexer;
    this.status = status;
    this.writes = new WriterThread(indexer);
  }

  // After the @Startup store has opened, so a broken store fails startup before polling.
  void start(@Observes @Priority(ObserverMethod.DEFAULT_PRIORITY + 100) StartupEvent event) {
    thread = new Thread(this::run, "audit-consumer");
    thread.start();
    LOGGER.infof("consumer started topic=%s group=%s bootstrap=%s", config.topic(), config.group(),
        config.bootstrapServers());
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    stopping.countDown();
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup(); // the one KafkaConsumer method that is safe from another thread
    }
    if (thread != null) {
      thread.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
    }
    writes.close();
    status.state(ConsumerStatus.State.STOPPED);
    LOGGER.info("consumer stopped");
  }

  private void run() {
    while (!stopped()) {
      status.state(ConsumerStatus.State.CONNECTING);
      try {
        consumer = ConsumerFactory.create(config);
        consumeUntilStopped(consumer);
      } catch (WakeupException e) {
        // shutdown asked for by stop()
      } catch (Exception e) {
        status.failed(e.getClass().getSimpleName());
        LOGGER.warnf("consumer failed, retrying error=%s message=\"%s\" backoff=%s",
            e.getClass().getSimpleName(), safeMessage(e), config.retryBackoff());
      } finally {
        closeQuietly();
      }
      if (!stopped()) {
        backOff();
      }
    }
  }

  private void consumeUntilStopped(KafkaConsumer<byte[], byte[]> kafka) throws Exception {
    kafka.subscribe(List.of(config.topic()), new RebalanceListener(status, kafka, writes));
    status.state(ConsumerStatus.State.SUBSCRIBED);
    try {
      pollUntilStopped(kafka);
      WriterThread.commit(kafka, writes.finish()); // shutdown: the batch in flight is stored, then committed
    } finally {
      writes.abandon(); // after a failure: uncommitted, read again by the next consumer
    }
  }

  // Batch n+1 is polled and parsed while batch n is written; n's offsets are committed once it
  // is stored, before n+1's are.
  private void pollUntilStopped(KafkaConsumer<byte[], byte[]> kafka) throws Exception {
    try {
      while (!stopped()) {
        // While a batch is written, poll briefly: on an idle topic it is then committed soon.
        ConsumerRecords<byte[], byte[]> records = kafka.poll(writes.busy() ? config.fetchMaxWait()
            : config.pollTimeout());
        Batch next = records.isEmpty() ? null : indexer.parse(records);
        Map<TopicPartition, OffsetAndMetadata> stored = writes.finish();
        if (next != null) {
          writes.submit(next);
        }
        WriterThread.commit(kafka, stored);
        status.lag(Lag.of(kafka));
      }
    } catch (WakeupException e) {
      // shutdown asked for by stop()
    }
  }

  // A store error's text may quote a value from an event; Kafka's errors are safe to show.
  private static String safeMessage(Exception e) {
    return e instanceof SQLException sql ? "store error, sql_state=" + sql.getSQLState() : e.getMessage();
  }

  private void closeQuietly() {
    KafkaConsumer<byte[], byte[]> current = consumer;
    consumer = null;
    if (current != null) {
      try {
        current.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      } catch (RuntimeException e) {
        LOGGER.debugf("consumer close failed error=%s", e.getClass().getSimpleName());
      }
    }
  }

  private void backOff() {
    try {
      stopping.await(config.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.countDown();
    }
  }

  private boolean stopped() {
    return stopping.getCount() == 0;
  }
}
