package io.mcpauthz.audit.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A plain producer on the test topic, keyed like the PDP (session id), so that events of one
 * key stay in order on one partition. Each send waits for the broker's acknowledgement.
 */
public final class EventProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  public EventProducer() {
    var config = ConfigProvider.getConfig();
    this.topic = config.getValue("mcp-authz.audit.topic", String.class);
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all"));
  }

  public void send(TestEvent... events) {
    for (TestEvent event : events) {
      send(event.sessionId(), event.json());
    }
  }

  public void send(String key, String value) {
    sendBytes(key, value.getBytes(StandardCharsets.UTF_8));
  }

  public void sendBytes(String key, byte[] value) {
    send(new ProducerRecord<>(topic, key, value));
  }

  /** With record headers, e.g. the PDP's {@code mcp-authz-replayed: 1} on a resent event. */
  public void send(TestEvent event, Map<String, String> headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach((name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
    send(new ProducerRecord<>(topic, null, event.sessionId(), event.json().getBytes(StandardCharsets.UTF_8),
        recordHeaders));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
