package io.mcpauthz.audit.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the start in a fresh group, as a SIEM's connector would. */
public final class TopicReader {

  private TopicReader() {
  }

  /** Waits until {@code topic} holds {@code count} records matching {@code filter}; in offset order per partition. */
  public static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String bootstrap, String topic,
      Predicate<ConsumerRecord<byte[], byte[]>> filter, int count, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      consumer.subscribe(List.of(topic));
      await().atMost(timeout).until(() -> {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (filter.test(record)) {
            found.add(record);
          }
        }
        return found.size() >= count;
      });
    }
    return found;
  }
}
