package io.mcpauthz.audit.projection;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.ingest.DeadLetters;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import io.mcpauthz.audit.ingest.Lag;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One projection's thread: polls the decisions topic in the projection's own group, produces
 * the batch to the projection's topic, flushes, publishes its dead letters, and only then
 * commits the offsets (at-least-once: a crash re-produces at most the uncommitted batch). Any
 * failure closes both clients and rebuilds them after a back-off, from the committed offsets.
 */
final class ProjectionWorker {

  private static final Logger LOGGER = Logger.getLogger(ProjectionWorker.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Projection projection;
  private final AuditConfig audit;
  private final ProjectionConfig config;
  private final DeadLetters deadLetters;
  private final ProjectionStatus status;
  private final ProjectionMetrics metrics;
  private final RecordProjector projector;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  ProjectionWorker(Projection projection, AuditConfig audit, ProjectionConfig config, DeadLetters deadLetters,
      ProjectionStatus status, ProjectionMetrics metrics) {
    this.projection = projection;
    this.audit = audit;
    this.config = config;
    this.deadLetters = deadLetters;
    this.status = status;
    this.metrics = metrics;
    this.projector = new RecordProjector(projection, projection.target(config).topic());
  }

  void start() {
    thread = new Thread(this::run, "audit-projection-" + projection.label());
    thread.start();
    LOGGER.infof("projection started projection=%s topic=%s source=%s group=%s", projection.label(),
        projection.target(config).topic(), audit.topic(), projection.target(config).group());
  }

  void stop() throws InterruptedException {
    stopping.countDown();
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup(); // the one KafkaConsumer method that is safe from another thread
    }
    thread.join(CLOSE_TIMEOUT.multipliedBy(3).toMillis());
    status.state(ProjectionStatus.State.STOPPED);
  }

  private void run() {
    while (!stopped()) {
      status.state(ProjectionStatus.State.CONNECTING);
      KafkaProducer<byte[], byte[]> producer = null;
      try {
        producer = ProjectionClients.producer(audit, config, projection);
        consumer = ProjectionClients.consumer(audit, config, projection);
        consumeUntilStopped(consumer, producer);
      } catch (WakeupException e) {
        // shutdown asked for by stop()
      } catch (RecordProjector.NotAcknowledged e) {
        metrics.failed(e.failed);
        failed(e.getCause() == null ? e : e.getCause());
      } catch (Exception e) {
        failed(e);
      } finally {
        close(producer);
      }
      if (!stopped()) {
        backOff();
      }
    }
  }

  private void consumeUntilStopped(KafkaConsumer<byte[], byte[]> kafka, KafkaProducer<byte[], byte[]> producer)
      throws Exception {
    kafka.subscribe(List.of(audit.topic()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        status.state(ProjectionStatus.State.ASSIGNED);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing in flight: a batch is committed before the next poll.
      }
    });
    status.state(ProjectionStatus.State.SUBSCRIBED);
    while (!stopped()) {
      ConsumerRecords<byte[], byte[]> records = kafka.poll(audit.pollTimeout());
      if (!records.isEmpty()) {
        RecordProjector.Outcome outcome = projector.project(records, producer);
        deadLetters.publish(outcome.letters(), projection.target(config).group());
        outcome.letters().forEach(this::logDeadLetter);
        metrics.produced(outcome.produced());
        metrics.deadLettered(outcome.letters().size());
        kafka.commitSync();
      }
      status.polled();
      status.lag(Lag.of(kafka));
    }
  }

  // Kafka's errors are safe to log; the record's content never is (it may hold secrets).
  private void failed(Throwable e) {
    status.failed(e.getClass().getSimpleName());
    LOGGER.warnf("projection failed, retrying from the committed offsets projection=%s error=%s message=\"%s\" "
        + "backoff=%s",
        projection.label(), e.getClass().getSimpleName(), e.getMessage(), audit.retryBackoff());
  }

  private void logDeadLetter(Letter letter) {
    LOGGER.warnf("event dead-lettered projection=%s error_code=%s topic=%s partition=%d offset=%d reason=\"%s\"",
        projection.label(), letter.code(), letter.record().topic(), letter.record().partition(),
        letter.record().offset(), letter.message());
  }

  private void close(KafkaProducer<byte[], byte[]> producer) {
    KafkaConsumer<byte[], byte[]> current = consumer;
    consumer = null;
    closeQuietly(current == null ? null : () -> current.close(CloseOptions.timeout(CLOSE_TIMEOUT)));
    closeQuietly(producer == null ? null : () -> producer.close(CLOSE_TIMEOUT));
  }

  private void closeQuietly(Runnable close) {
    try {
      if (close != null) {
        close.run();
      }
    } catch (RuntimeException e) {
      LOGGER.debugf("projection client close failed projection=%s error=%s", projection.label(),
          e.getClass().getSimpleName());
    }
  }

  private void backOff() {
    try {
      stopping.await(audit.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.countDown();
    }
  }

  private boolean stopped() {
    return stopping.getCount() == 0;
  }
}
