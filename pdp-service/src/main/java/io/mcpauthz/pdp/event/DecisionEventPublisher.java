package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds and publishes decision events off the request path. {@link #publish} only enqueues:
 * building the event (scrubbing its arguments, fitting its size) and the producer (which may
 * block while the broker is away) run on their own thread, so neither a large body nor a slow or
 * missing broker delays or fails a decision.
 */
@ApplicationScoped
@Startup // loads the secret rules at startup: a PDP that could not scrub events does not start
public class DecisionEventPublisher {

  private static final Logger LOGGER = Logger.getLogger(DecisionEventPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final ThreadPoolExecutor sender;
  private final EventSizeCap sizeCap;
  private final String topic;
  private final Counter published;
  private final Counter failed;
  private final Counter dropped;
  private final Counter unproducible;
  private final Counter truncated;

  DecisionEventPublisher(
      EventConfig config,
      MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String bootstrap) {
    this.sizeCap = new EventSizeCap(config.maxEventBytes());
    ArgumentScrubber.ruleCount(); // reads the secret rules now, not at the first event
    this.topic = config.topic();
    this.producer = new KafkaProducer<>(producerProperties(bootstrap), new StringSerializer(), new ByteArraySerializer());
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.queueCapacity()),
        runnable -> {
          Thread thread = new Thread(runnable, "decision-event-publisher");
          thread.setDaemon(true);
          return thread;
        });
    this.published = registry.counter("mcp_authz_events", "result", "published");
    this.failed = registry.counter("mcp_authz_events", "result", "failed");
    this.dropped = registry.counter("mcp_authz_events", "result", "dropped");
    this.unproducible = registry.counter("mcp_authz_events", "result", "unproducible");
    this.truncated = registry.counter("mcp_authz_events", "result", "truncated");
  }

  private static Properties producerProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "mcp-authz-pdp");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // Only the sender thread waits here (e.g. for a topic being created), never a decision.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    return props;
  }

  /**
   * @param key   the MCP session id, else the subject; partitions keep one session in order
   * @param event builds the event; called once, on the publisher's thread
   */
  public void publish(String key, String decisionId, Supplier<ObjectNode> event) {
    try {
      sender.execute(() -> send(key, decisionId, event));
    } catch (RejectedExecutionException e) {
      dropped.increment();
      LOGGER.warnf("decision event dropped, queue full decision_id=%s", decisionId);
    }
  }

  private void send(String key, String decisionId, Supplier<ObjectNode> build) {
    byte[] value;
    try {
      ObjectNode event = build.get();
      EventSizeCap.Fitted fitted = sizeCap.fit(event);
      if (fitted.truncated()) {
        truncated.increment();
        LOGGER.warnf("decision event truncated decision_id=%s original_bytes=%d", decisionId,
            event.path("truncated").path("original_bytes").asInt());
      }
      value = fitted.bytes();
    } catch (Exception e) {
      unproducible(decisionId, e);
      return;
    }
    try {
      producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> delivered(decisionId, error));
    } catch (Exception e) {
      delivered(decisionId, e);
    }
  }

  private void delivered(String decisionId, Exception error) {
    if (error == null) {
      published.increment();
    } else if (error instanceof RecordTooLargeException || error instanceof SerializationException
        || error instanceof InvalidRecordException) {
      unproducible(decisionId, error); // retrying cannot help: the record itself is refused
    } else {
      failed.increment();
      LOGGER.warnf("decision event not delivered decision_id=%s error=%s", decisionId, error.getClass().getSimpleName());
    }
  }

  /** An event that cannot exist as a record (cannot be built, serialized or accepted): alert on it. */
  private void unproducible(String decisionId, Throwable error) {
    unproducible.increment();
    LOGGER.errorf("decision event unproducible decision_id=%s error=%s", decisionId, error.getClass().getName());
  }

  @PreDestroy
  void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
