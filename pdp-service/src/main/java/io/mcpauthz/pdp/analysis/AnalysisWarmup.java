package io.mcpauthz.pdp.analysis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Loads and warms the SQL parser at startup, so the first SQL argument does not pay for it. */
@ApplicationScoped
class AnalysisWarmup {

  void warm(@Observes StartupEvent started) {
    ArgumentAnalysis.ofArguments(JsonNodeFactory.instance.objectNode()
        .put("sql", "WITH t AS (SELECT id FROM orders WHERE id > 1) SELECT count(*) FROM t")
        .put("path", "/srv/data/a.txt")
        .put("url", "https://example.com/a"));
  }
}
