package io.mcpauthz.audit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which projections run, with the shipped defaults, and the settings that would loop or starve. */
class ProjectionsTest {

  @Test
  void shouldRunNoProjectionByDefault() throws IOException {
    SmallRyeConfig config = config(Map.of());
    ProjectionConfig projections = config.getConfigMapping(ProjectionConfig.class);

    assertThat(Projections.enabled(projections)).isEmpty();
    assertThat(projections.ocsf().topic()).isEqualTo("mcp-authz.decisions.ocsf");
    assertThat(projections.ecs().topic()).isEqualTo("mcp-authz.decisions.ecs");
    assertThat(projections.ocsf().group()).isNotEqualTo(projections.ecs().group())
        .isNotEqualTo(config.getConfigMapping(AuditConfig.class).group());
  }

  @Test
  void shouldAcceptBothProjectionsOnTheirDefaults() throws IOException {
    SmallRyeConfig config = config(Map.of("mcp-authz.audit.projection.ocsf.enabled", "true",
        "mcp-authz.audit.projection.ecs.enabled", "true"));
    ProjectionConfig projections = config.getConfigMapping(ProjectionConfig.class);

    assertThat(Projections.enabled(projections)).containsExactly(Projection.OCSF, Projection.ECS);
    assertThatCode(() -> Projections.requireSeparate(config.getConfigMapping(AuditConfig.class), projections,
        Projections.enabled(projections))).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAProjectionOntoTheDecisionsTopicOrTheDlq() throws IOException {
    assertRefused(Map.of("mcp-authz.audit.projection.ocsf.topic", "mcp-authz.decisions"), "ocsf.topic");
    assertRefused(Map.of("mcp-authz.audit.projection.ecs.topic", "mcp-authz.decisions.dlq"), "ecs.topic");
    assertRefused(Map.of("mcp-authz.audit.projection.ecs.topic", "mcp-authz.decisions.ocsf"), "ecs.topic");
  }

  @Test
  void shouldRefuseAGroupSharedWithTheIndexOrTheOtherProjection() throws IOException {
    assertRefused(Map.of("mcp-authz.audit.projection.ocsf.group", "mcp-authz-audit"), "ocsf.group");
    assertRefused(Map.of("mcp-authz.audit.projection.ecs.group", "mcp-authz-audit-ocsf"), "ecs.group");
  }

  private static void assertRefused(Map<String, String> settings, String setting) throws IOException {
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

  /** The shipped application.properties under {@code settings}, mapped as the app maps them. */
  private static SmallRyeConfig config(Map<String, String> settings) throws IOException {
    Properties shipped = new Properties();
    try (InputStream in = ProjectionsTest.class.getResourceAsStream("/application.properties")) {
      shipped.load(in);
    }
    Map<String, String> defaults = new HashMap<>();
    shipped.stringPropertyNames().stream().filter(name -> name.startsWith("mcp-authz."))
        .forEach(name -> defaults.put(name, shipped.getProperty(name)));
    defaults.put("mcp-authz.audit.bootstrap-servers", "localhost:9092");
    return new SmallRyeConfigBuilder()
        .withSources(new MapBackedConfigSource("shipped", defaults, 100) {})
        .withSources(new MapBackedConfigSource("test", settings, 200) {})
        .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "30s", "100ms"
        .withMapping(AuditConfig.class)
        .withMapping(ProjectionConfig.class)
        .build();
  }
}
