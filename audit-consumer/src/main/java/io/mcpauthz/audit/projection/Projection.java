package io.mcpauthz.audit.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.audit.siem.EcsDocument;
import io.mcpauthz.audit.siem.OcsfApiActivity;
import java.util.Locale;
import java.util.function.Function;

/** The SIEM schemas a decision event is projected into, each on a topic of its own. */
public enum Projection {
  OCSF(OcsfApiActivity::of),
  ECS(EcsDocument::of);

  private final Function<JsonNode, ? extends JsonNode> mapping;

  Projection(Function<JsonNode, ? extends JsonNode> mapping) {
    this.mapping = mapping;
  }

  /** The event as this schema's document (the decision id kept: OCSF metadata.uid, ECS event.id). */
  public JsonNode apply(JsonNode event) {
    return mapping.apply(event);
  }

  /** The metric label and config key, e.g. {@code ocsf}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  ProjectionConfig.Target target(ProjectionConfig config) {
    return this == OCSF ? config.ocsf() : config.ecs();
  }
}
