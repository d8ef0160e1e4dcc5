package io.mcpauthz.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

  @Test
  void shouldBeUnknownWithoutPartitions() {
    assertThat(Lag.of(consumer)).isEqualTo(-1);
  }

  @Test
  void shouldSumLagOverAssignedPartitions() {
    consumer.assign(List.of(P0, P1));
    consumer.updateEndOffsets(Map.of(P0, 10L, P1, 5L));
    consumer.seek(P0, 4);
    consumer.seek(P1, 5);
    assertThat(Lag.of(consumer)).isEqualTo(6);
  }
}
