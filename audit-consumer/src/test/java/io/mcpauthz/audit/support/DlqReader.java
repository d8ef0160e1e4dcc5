package io.mcpauthz.audit.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads the test's dead-letter topic from the start, as an operator's tool would. */
public final class DlqReader {

  /** A dead-lettered record: its value as text and its {@code mcp-authz.dlq.*} headers. */
  public record Letter(String value, Map<String, String> headers) {

    public String header(String name) {
      return headers.get("mcp-authz.dlq." + name);
    }
  }

  private DlqReader() {
  }

  /** Waits until the DLQ holds {@code count} letters matching {@code filter}, and returns them. */
  public static List<Letter> awaitLetters(Predicate<Letter> filter, int count) {
    var config = ConfigProvider.getConfig();
    List<Letter> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class),
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      consumer.subscribe(List.of(config.getValue("mcp-authz.audit.dlq-topic", String.class)));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Letter letter = letter(record);
          if (filter.test(letter)) {
            found.add(letter);
          }
        }
        return found.size() >= count;
      });
    }
    return found;
  }

  private static Letter letter(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new java.util.HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    return new Letter(value, headers);
  }
}
