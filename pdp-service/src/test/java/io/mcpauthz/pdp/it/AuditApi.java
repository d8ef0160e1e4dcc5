package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Finds decision events the way a SOC analyst does: through the audit-consumer's API. */
final class AuditApi {

  private AuditApi() {}

  /** Waits until the event has travelled PDP → Kafka → audit-consumer, then returns it. */
  static JsonPath awaitDecision(String decisionId) {
    return awaitDecision(RealStackResource.audit(), decisionId);
  }

  static JsonPath awaitDecision(AuditConsumerProcess audit, String decisionId) {
    String auditorToken = TestKeys.auditor();
    String url = audit.url() + "/api/v1/decisions/" + decisionId;
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> {
          var response = given().auth().oauth2(auditorToken).get(url);
          return response.statusCode() == 200 ? response.jsonPath() : null;
        }, json -> json != null);
  }
}
