package io.mcpauthz.audit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.projection.ProjectionConfig;
import io.mcpauthz.audit.support.Repo;
import io.mcpauthz.audit.support.ShippedConfig;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit-consumer container of {@code deploy/istio/audit-consumer-deployment.yaml}, its
 * environment read as the app reads it: the SIEM topics ship off, and the documented variables
 * switch them on.
 */
class AuditDeploymentTest {

  @Test
  void shouldShipTheSiemTopicsOff() throws IOException {
    SmallRyeConfig config = ShippedConfig.with(Map.of(), containerEnv());
    ProjectionConfig projections = config.getConfigMapping(ProjectionConfig.class);

    assertThat(projections.ocsf().enabled()).isFalse();
    assertThat(projections.ecs().enabled()).isFalse();
    assertThat(config.getConfigMapping(AuditConfig.class).store()).isEqualTo(AuditConfig.Store.POSTGRESQL);
  }

  @Test
  void shouldSwitchThemOnWithTheDocumentedVariables() throws IOException {
    Map<String, String> env = containerEnv();
    env.put("MCP_AUTHZ_AUDIT_PROJECTION_OCSF_ENABLED", "true");
    env.put("MCP_AUTHZ_AUDIT_PROJECTION_ECS_ENABLED", "true");
    env.put("MCP_AUTHZ_AUDIT_PROJECTION_ECS_TOPIC", "siem.ecs");
    ProjectionConfig projections = ShippedConfig.with(Map.of(), env).getConfigMapping(ProjectionConfig.class);

    assertThat(projections.ocsf().enabled()).isTrue();
    assertThat(projections.ecs().enabled()).isTrue();
    assertThat(projections.ocsf().topic()).isEqualTo("mcp-authz.decisions.ocsf");
    assertThat(projections.ecs().topic()).isEqualTo("siem.ecs");
  }

  /** The container's plain values (a secretKeyRef becomes a placeholder). */
  private static Map<String, String> containerEnv() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (JsonNode variable : container().path("env")) {
      env.put(variable.path("name").asText(), variable.path("value").asText("from-a-secret"));
    }
    assertThat(env).containsKeys("MCP_AUTHZ_AUDIT_PROJECTION_OCSF_ENABLED", "MCP_AUTHZ_AUDIT_PROJECTION_ECS_ENABLED");
    return env;
  }

  private static JsonNode container() throws IOException {
    var file = Repo.root().resolve("deploy/istio/audit-consumer-deployment.yaml").toFile();
    try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && "Deployment".equals(doc.path("kind").asText())) {
          return doc.at("/spec/template/spec/containers/0");
        }
      }
    }
    throw new AssertionError("no Deployment in " + file);
  }
}
