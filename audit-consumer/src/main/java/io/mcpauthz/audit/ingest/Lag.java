package io.mcpauthz.audit.ingest;

import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Consumer lag from the client's cached fetch metadata: no broker round trip. */
public final class Lag {

  private Lag() {
  }

  /** Sum over the assigned partitions, or -1 while there are none or any of them is unknown. */
  public static long of(Consumer<?, ?> consumer) {
    Set<TopicPartition> assignment = consumer.assignment();
    if (assignment.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (TopicPartition partition : assignment) {
      OptionalLong lag = consumer.currentLag(partition);
      if (lag.isEmpty()) {
        return -1;
      }
      total += lag.getAsLong();
    }
    return total;
  }
}
