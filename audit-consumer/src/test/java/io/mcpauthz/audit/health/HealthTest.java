package io.mcpauthz.audit.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.support.AuditTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Health is public: up or down and a generic state, never the database path, counts or Kafka names. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
class HealthTest {

  @Test
  void shouldReportReadinessWithoutInternals() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        given().when().get("/q/health/ready").then().statusCode(200));

    for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live")) {
      String body = given().when().get(path).then().extract().asString();
      assertThat(body).as(path)
          .doesNotContain(config("mcp-authz.audit.database"))
          .doesNotContain("duckdb")
          .doesNotContain(config("mcp-authz.audit.topic"))
          .doesNotContain(config("mcp-authz.audit.group"))
          .doesNotContain("decisions", "lag", "partitions", "last_indexed_at");
      for (Map<String, Object> check : JsonPath.from(body).<Map<String, Object>>getList("checks")) {
        assertThat(check.keySet()).as(path + " " + check.get("name")).isSubsetOf("name", "status", "data");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.getOrDefault("data", Map.of());
        assertThat(data.keySet()).as(path + " data keys").isSubsetOf("state", "reason");
      }
    }
  }

  private static String config(String name) {
    return ConfigProvider.getConfig().getValue(name, String.class);
  }
}
