package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.ErrorCode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes records that cannot be indexed to the dead-letter topic: the original key, value
 * and headers, plus {@code mcp-authz.dlq.*} headers saying why and where from. The offsets of a
 * batch are committed only after its dead letters are acknowledged, so a rejected record is in
 * the DLQ or still in the source topic, never nowhere.
 */
@ApplicationScoped
public class DeadLetters {

  static final String HEADER_PREFIX = "mcp-authz.dlq.";
  // Below Kafka's default 1 MB message limit with room for the headers: a value near the limit
  // would make the dead letter itself too large, and ingest would stall on it.
  static final int MAX_VALUE_BYTES = 512 * 1024;
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final AuditConfig config;
  private KafkaProducer<byte[], byte[]> producer;

  public DeadLetters(AuditConfig config) {
    this.config = config;
  }

  /** A record to dead-letter and why; the message must not quote the record. */
  public record Letter(ConsumerRecord<byte[], byte[]> record, ErrorCode code, String message) {
  }

  /** Sends all letters and waits for the broker's acknowledgements; throws if any fails. */
  public void publish(List<Letter> letters) throws ExecutionException, TimeoutException, InterruptedException {
    publish(letters, config.group());
  }

  /** As {@link #publish(List)}, for another consumer group of the same topic (a projection's). */
  public synchronized void publish(List<Letter> letters, String group) throws ExecutionException,
      TimeoutException, InterruptedException {
    if (letters.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
    for (Letter letter : letters) {
      sent.add(producer().send(toDlq(letter, config.dlqTopic(), group)));
    }
    for (Future<RecordMetadata> future : sent) {
      future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  static ProducerRecord<byte[], byte[]> toDlq(Letter letter, String topic, String group) {
    ConsumerRecord<byte[], byte[]> source = letter.record();
    RecordHeaders headers = new RecordHeaders();
    for (Header header : source.headers()) {
      if (!header.key().startsWith(HEADER_PREFIX)) {
        headers.add(header);
      }
    }
    header(headers, "error_code", letter.code().code());
    header(headers, "error_message", letter.message());
    header(headers, "topic", source.topic());
    header(headers, "partition", Integer.toString(source.partition()));
    header(headers, "offset", Long.toString(source.offset()));
    header(headers, "timestamp", Long.toString(source.timestamp()));
    header(headers, "group", group);
    byte[] value = source.value();
    if (value != null && value.length > MAX_VALUE_BYTES) {
      header(headers, "value_omitted_bytes", Integer.toString(value.length));
      value = null; // still in the source topic at the offset above, until its retention
    }
    return new ProducerRecord<>(topic, null, source.key(), value, headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(HEADER_PREFIX + name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> props = new HashMap<>();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
      props.put(ProducerConfig.CLIENT_ID_CONFIG, "mcp-authz-audit-dlq");
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      producer = new KafkaProducer<>(props);
    }
    return producer;
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
