package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.AuditConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Builds the plain kafka-clients consumer from the typed config. */
final class ConsumerFactory {

  private ConsumerFactory() {
  }

  static KafkaConsumer<byte[], byte[]> create(AuditConfig config) {
    return new KafkaConsumer<>(properties(config));
  }

  static Map<String, Object> properties(AuditConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mcp-authz-audit");
    // Bytes, not strings: decoding is the parser's job, so a bad record can never fail poll().
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Offsets are committed by hand once the batch is stored.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts from the oldest retained event: the audit trail wants all of them.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    // Bigger batches under load (cheaper per event), a short wait when traffic is low.
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes());
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxPartitionFetchBytes());
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
    // Keeps the log quiet-ish while Kafka is down; the client reconnects on its own.
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
    return props;
  }
}
