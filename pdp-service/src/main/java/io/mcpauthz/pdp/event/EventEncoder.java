package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** One event's bytes as Kafka will carry them: built, scrubbed (by the builder) and fitted to the size cap. */
final class EventEncoder {

  private static final Logger LOGGER = Logger.getLogger(EventEncoder.class);

  private final EventSizeCap sizeCap;
  private final Counter truncated;
  private final Counter unproducible;

  EventEncoder(int maxEventBytes, MeterRegistry registry) {
    this.sizeCap = new EventSizeCap(maxEventBytes);
    this.truncated = registry.counter("mcp_authz_events", "result", "truncated");
    this.unproducible = registry.counter("mcp_authz_events", "result", "unproducible");
  }

  /** @return the serialized event, or null (counted and logged) when it cannot be built */
  byte[] encode(String decisionId, Supplier<ObjectNode> build) {
    try {
      ObjectNode event = build.get();
      EventSizeCap.Fitted fitted = sizeCap.fit(event);
      if (fitted.truncated()) {
        truncated.increment();
        LOGGER.warnf("decision event truncated decision_id=%s original_bytes=%d", decisionId,
            event.path("truncated").path("original_bytes").asInt());
      }
      return fitted.bytes();
    } catch (Exception e) {
      unproducible.increment();
      LOGGER.errorf("decision event unproducible decision_id=%s error=%s", decisionId, e.getClass().getName());
      return null;
    }
  }
}
