package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.ingest.DeadLetters.Letter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, parsed on the consumer thread: the events to store, the records already
 * rejected by the parser, and the offsets to commit once both are stored or dead-lettered.
 */
record Batch(List<Parsed> parsed, List<Letter> rejected, Map<TopicPartition, OffsetAndMetadata> offsets) {

  record Parsed(ConsumerRecord<byte[], byte[]> record, DecisionEvent event) {
  }

  Batch {
    parsed = List.copyOf(parsed);
    rejected = List.copyOf(rejected);
    offsets = Map.copyOf(offsets);
  }
}
