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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Runs the Kafka consumer on its own thread from startup to shutdown. Offsets are committed
 * only after a batch is stored (at-least-once; the store drops redeliveries by decision_id).
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
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  public DecisionConsumer(AuditConfig config, RecordIndexer indexer, ConsumerStatus status) {
    this.config = config;
    this.indexer = indexer;
    this.status = status;
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
    kafka.subscribe(List.of(config.topic()), new StatusRebalanceListener(status));
    status.state(ConsumerStatus.State.SUBSCRIBED);
    while (!stopped()) {
      ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
      if (!records.isEmpty()) {
        indexer.index(records);
        kafka.commitSync();
      }
      status.lag(Lag.of(kafka));
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
