package io.mcpauthz.audit.projection;

import io.mcpauthz.audit.AuditConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The consumer (decisions topic, the projection's own group) and producer (its topic) of one projection. */
final class ProjectionClients {

  private ProjectionClients() {
  }

  static KafkaConsumer<byte[], byte[]> consumer(AuditConfig audit, ProjectionConfig config, Projection projection) {
    return new KafkaConsumer<>(consumerProperties(audit, config, projection));
  }

  static KafkaProducer<byte[], byte[]> producer(AuditConfig audit, ProjectionConfig config, Projection projection) {
    return new KafkaProducer<>(producerProperties(audit, config, projection));
  }

  static Map<String, Object> consumerProperties(AuditConfig audit, ProjectionConfig config, Projection projection) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, audit.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, projection.target(config).group());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mcp-authz-audit-" + projection.label());
    // Bytes: a record that is not an event must reach the parser (and the DLQ), never fail poll().
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Committed by hand once the batch is acknowledged by the projection's topic.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group projects every retained event: a SIEM wants the whole trail.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) audit.sessionTimeout().toMillis());
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
    return props;
  }

  static Map<String, Object> producerProperties(AuditConfig audit, ProjectionConfig config, Projection projection) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, audit.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "mcp-authz-audit-" + projection.label() + "-producer");
    // Every record on every in-sync replica, each once per send, in order per partition.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis() / 2);
    // A few ms of batching: one poll's records go out in a handful of requests.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
