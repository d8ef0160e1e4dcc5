package io.mcpauthz.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void shouldKeepRecordAndSayWhyAndWhereFrom() {
    ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("decisions", 2, 41L, bytes("s-1"), bytes("{bad"));
    source.headers().add("trace", bytes("t-1")).add("mcp-authz.dlq.error_code", bytes("forged"));

    ProducerRecord<byte[], byte[]> letter = DeadLetters.toDlq(
        new Letter(source, ErrorCode.EVENT_NOT_JSON, "record value is not valid JSON"), "decisions.dlq", "g");

    assertThat(letter.topic()).isEqualTo("decisions.dlq");
    assertThat(letter.key()).isEqualTo(bytes("s-1"));
    assertThat(letter.value()).isEqualTo(bytes("{bad"));
    assertThat(headers(letter)).containsEntry("trace", "t-1")
        .containsEntry("mcp-authz.dlq.error_code", "event_not_json")
        .containsEntry("mcp-authz.dlq.error_message", "record value is not valid JSON")
        .containsEntry("mcp-authz.dlq.topic", "decisions")
        .containsEntry("mcp-authz.dlq.partition", "2")
        .containsEntry("mcp-authz.dlq.offset", "41")
        .containsEntry("mcp-authz.dlq.group", "g");
    assertThat(letter.headers().headers("mcp-authz.dlq.error_code")).hasSize(1);
  }

  @Test
  void shouldOmitValueTooLargeToBeDeadLettered() {
    byte[] big = new byte[DeadLetters.MAX_VALUE_BYTES + 1];
    ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("decisions", 0, 7L, null, big);

    ProducerRecord<byte[], byte[]> letter = DeadLetters.toDlq(
        new Letter(source, ErrorCode.EVENT_STORE_REJECTED, "store error"), "dlq", "g");

    assertThat(letter.value()).isNull();
    assertThat(headers(letter)).containsEntry("mcp-authz.dlq.value_omitted_bytes", Integer.toString(big.length))
        .containsEntry("mcp-authz.dlq.offset", "7");
  }

  private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
