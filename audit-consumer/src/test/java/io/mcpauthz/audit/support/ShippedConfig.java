package io.mcpauthz.audit.support;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.projection.ProjectionConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The app's typed config from the shipped application.properties, without starting the app. */
public final class ShippedConfig {

  private ShippedConfig() {
  }

  /** The shipped properties, overridden by {@code properties}, then by environment variables {@code env}. */
  public static SmallRyeConfig with(Map<String, String> properties, Map<String, String> env) {
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors() // ${…} in values and defaults, as the app expands them
        .withSources(new MapBackedConfigSource("shipped", shipped(), 100) {})
        .withSources(new MapBackedConfigSource("test", properties, 200) {})
        .withSources(new EnvConfigSource(env, 300))
        .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "30s", "100ms"
        .withMapping(AuditConfig.class)
        .withMapping(ProjectionConfig.class)
        .build();
  }

  private static Map<String, String> shipped() {
    Properties properties = new Properties();
    try (InputStream in = ShippedConfig.class.getResourceAsStream("/application.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().stream().filter(name -> name.startsWith("mcp-authz."))
        .forEach(name -> values.put(name, properties.getProperty(name)));
    values.put("mcp-authz.audit.bootstrap-servers", "localhost:9092"); // ${kafka.bootstrap.servers}
    return values;
  }
}
