package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DaemonThreads;
import io.mcpauthz.pdp.event.spool.Journal;
import io.mcpauthz.pdp.event.spool.SpoolForwarder;
import io.mcpauthz.pdp.event.spool.SpoolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records every decision event durably before the verdict leaves the PDP: {@link #publish}
 * builds the event and appends it to the on-disk spool ({@link Journal}); a group commit fsyncs
 * the spool every {@code fsync-interval}, and one {@link SpoolForwarder} replays it to Kafka, for
 * as long as the broker stays away and across restarts. When the spool is full, new calls are
 * refused ({@link #accepting}) or, with {@code on-full=drop}, their events are dropped and counted.
 */
@ApplicationScoped
@Startup // loads the secret rules and recovers the spool at startup, not at the first event
public class DecisionEventPublisher {

  private static final Logger LOGGER = Logger.getLogger(DecisionEventPublisher.class);

  /** What the spool lets through, for readiness and for the decision path. */
  public enum State { ACCEPTING, FULL, DROPPING, FAILING }

  private final EventEncoder encoder;
  private final EventConfig.Spool spool;
  private final Journal journal;
  private final KafkaProducer<String, byte[]> producer;
  private final SpoolForwarder forwarder;
  private final ScheduledExecutorService syncer;
  private final Counter dropped;
  private final Counter fsyncs;
  private volatile boolean appendFailing;

  DecisionEventPublisher(
      EventConfig config,
      MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String bootstrap) {
    ArgumentScrubber.ruleCount(); // reads the secret rules now, not at the first event
    this.encoder = new EventEncoder(config.maxEventBytes(), registry);
    this.spool = config.spool();
    Duration linger = SpoolForwarder.checkedLinger(spool.forwardLinger()); // before anything is opened
    try {
      this.journal = Journal.open(spool.directory(), spool.segmentBytes().asLongValue());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the decision spool " + spool.directory(), e);
    }
    this.producer = new KafkaProducer<>(producerProperties(bootstrap), new StringSerializer(), new ByteArraySerializer());
    this.forwarder = new SpoolForwarder(journal, producer, config.topic(), registry, linger);
    this.dropped = registry.counter("mcp_authz_events", "result", "dropped");
    this.fsyncs = registry.counter("mcp_authz_spool_fsyncs");
    SpoolMetrics.register(registry, journal, forwarder, spool.maxBytes().asLongValue(), this::accepting);
    this.syncer = Executors.newSingleThreadScheduledExecutor(task -> DaemonThreads.named("decision-spool-sync", task));
    long interval = Math.max(1, spool.fsyncInterval().toMillis());
    syncer.scheduleWithFixedDelay(this::sync, interval, interval, TimeUnit.MILLISECONDS);
    forwarder.start();
    LOGGER.infof("decision spool opened directory=%s backlog_events=%d backlog_bytes=%d", spool.directory(),
        journal.backlogEvents(), journal.backlogBytes());
  }

  private static Properties producerProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "mcp-authz-pdp");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // Only the forwarder waits here, never a decision; after these the batch is resent from the spool.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return props;
  }

  /** False while the full (or unwritable) spool refuses new calls: they are denied {@code audit_unavailable}. */
  public boolean accepting() {
    State state = state();
    return state == State.ACCEPTING || state == State.DROPPING;
  }

  public State state() {
    boolean full = journal.backlogBytes() >= spool.maxBytes().asLongValue() - spool.reserveBytes().asLongValue();
    if (spool.onFull() == EventConfig.OnFull.DROP) {
      return full || appendFailing ? State.DROPPING : State.ACCEPTING;
    }
    return appendFailing ? State.FAILING : full ? State.FULL : State.ACCEPTING;
  }

  /**
   * Builds the event now and appends it to the spool; when this returns, a killed PDP keeps it.
   *
   * @param key the MCP session id, else the subject; partitions keep one session in order
   * @return whether the event is in the spool; when not, it was counted and logged
   */
  public boolean publish(String key, String decisionId, Supplier<ObjectNode> event) {
    byte[] value = encoder.encode(decisionId, event);
    if (value == null) {
      return false;
    }
    if (journal.backlogBytes() + value.length > spool.maxBytes().asLongValue()) {
      dropped.increment();
      LOGGER.errorf("decision event dropped, spool full decision_id=%s", decisionId);
      return false;
    }
    try {
      journal.append(key, value, System.currentTimeMillis());
      appendFailing = false;
      return true;
    } catch (IOException e) {
      appendFailing = true;
      dropped.increment();
      LOGGER.errorf("decision event dropped, spool not writable decision_id=%s error=%s", decisionId,
          e.getClass().getName());
      return false;
    }
  }

  /** Builds and encodes the event like {@link #publish}, then drops it: for the warm-up only. */
  public void encodeOnly(String decisionId, Supplier<ObjectNode> event) {
    encoder.encode(decisionId, event);
  }

  /** With {@code fail-closed}, an allow whose event could not be kept must not be answered. */
  public boolean allowRequiresRecord() {
    return spool.onFull() != EventConfig.OnFull.DROP;
  }

  private void sync() {
    try {
      if (journal.sync()) {
        fsyncs.increment();
      }
    } catch (IOException e) {
      LOGGER.errorf("decision spool fsync failed error=%s", e.getClass().getName());
    }
  }

  /** SIGTERM: forward for at most {@code drain-timeout}, keep the rest on disk for the next start. */
  @PreDestroy
  void close() {
    try {
      if (!forwarder.stop(spool.drainTimeout())) {
        LOGGER.infof("decision spool kept for the next start backlog_events=%d", journal.backlogEvents());
      }
      producer.close(Duration.ZERO); // fails sends still waiting for the broker: they stay in the spool
      forwarder.awaitStopped(Duration.ofSeconds(5));
      syncer.shutdown();
      syncer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      journal.close();
    } catch (IOException e) {
      LOGGER.errorf("decision spool not closed cleanly error=%s", e.getClass().getName());
    }
  }
}
