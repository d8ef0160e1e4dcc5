package io.mcpauthz.audit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.support.ShippedConfig;
import io.smallrye.config.SmallRyeConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which projections run, with the shipped defaults, and the settings that would loop or starve. */
class ProjectionsTest {

  @Test
  void shouldRunNoProjectionByDefault() {
    SmallRyeConfig config = config(Map.of());
    ProjectionConfig projections = config.getConfigMapping(ProjectionConfig.class);

    assertThat(Projections.enabled(projections)).isEmpty();
    assertThat(projections.ocsf().topic()).isEqualTo("mcp-authz.decisions.ocsf");
    assertThat(projections.ecs().topic()).isEqualTo("mcp-authz.decisions.ecs");
    assertThat(projections.ocsf().group()).isNotEqualTo(projections.ecs().group())
        .isNotEqualTo(config.getConfigMapping(AuditConfig.class).group());
  }

  @Test
  void shouldAcceptBothProjectionsOnTheirDefaults() {
    SmallRyeConfig config = config(Map.of("mcp-authz.audit.projection.ocsf.enabled", "true",
        "mcp-authz.audit.projection.ecs.enabled", "true"));
    ProjectionConfig projections = config.getConfigMapping(ProjectionConfig.class);

    assertThat(Projections.enabled(projections)).containsExactly(Projection.OCSF, Projection.ECS);
    assertThatCode(() -> Projections.requireSeparate(config.getConfigMapping(AuditConfig.class), projections,
        Projections.enabled(projections))).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAProjectionOntoTheDecisionsTopicOrTheDlq() {
    assertRefused(Map.of("mcp-authz.audit.projection.ocsf.topic", "mcp-authz.decisions"), "ocsf.topic");
    assertRefused(Map.of("mcp-authz.audit.projection.ecs.topic", "mcp-authz.decisions.dlq"), "ecs.topic");
    assertRefused(Map.of("mcp-authz.audit.projection.ecs.topic", "mcp-authz.decisions.ocsf"), "ecs.topic");
  }

  @Test
  void shouldRefuseAGroupSharedWithTheIndexOrTheOtherProjection() {
    assertRefused(Map.of("mcp-authz.audit.projection.ocsf.group", "mcp-authz-audit"), "ocsf.group");
    assertRefused(Map.of("mcp-authz.audit.projection.ecs.group", "mcp-authz-audit-ocsf"), "ecs.group");
  }

  private static void assertRefused(Map<String, String> settings, String setting) {
    Map<String, String> both = new HashMap<>(settings);
    both.put("mcp-authz.audit.projection.ocsf.enabled", "true");
    both.put("mcp-authz.audit.projection.ecs.enabled", "true");
    SmallRyeConfig config = config(both);
    ProjectionConfig projections = config.getConfigMapping(ProjectionConfig.class);

    assertThatThrownBy(() -> Projections.requireSeparate(config.getConfigMapping(AuditConfig.class), projections,
        Projections.enabled(projections)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mcp-authz.audit.projection." + setting);
  }

  private static SmallRyeConfig config(Map<String, String> settings) {
    return ShippedConfig.with(settings, Map.of());
  }
}
