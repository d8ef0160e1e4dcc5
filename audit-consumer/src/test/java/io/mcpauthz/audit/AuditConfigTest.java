package io.mcpauthz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One query timeout for both stores; the PostgreSQL name of earlier versions still works. */
class AuditConfigTest {

  private static AuditConfig config(Map<String, String> properties) {
    SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(AuditConfig.class)
        .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's, which reads "30s"
        .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    return config.getConfigMapping(AuditConfig.class);
  }

  @Test
  void shouldBoundReadsAndExportsByDefault() {
    AuditConfig config = config(Map.of());
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.postgresql().queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.export().maxDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.export().maxConcurrent()).isEqualTo(2);
  }

  @Test
  void shouldApplyTheQueryTimeoutToPostgresqlToo() {
    AuditConfig config = config(Map.of("mcp-authz.audit.query-timeout", "5s"));
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.postgresql().queryTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldKeepThePostgresqlNameAsAnAliasThatWinsThere() {
    AuditConfig config = config(Map.of("mcp-authz.audit.postgresql.query-timeout", "7s"));
    assertThat(config.postgresql().queryTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
  }
}
