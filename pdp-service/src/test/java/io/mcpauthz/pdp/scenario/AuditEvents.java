package io.mcpauthz.pdp.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.pdp.it.RealStackResource;
import io.mcpauthz.pdp.it.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;

/**
 * Finds decision events through the audit-consumer's API (PDP → Kafka → audit-consumer). Polls
 * tightly: an event usually arrives within tens of milliseconds.
 */
final class AuditEvents {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditEvents() {}

  static List<JsonNode> await(List<String> decisionIds) {
    return decisionIds.stream().map(AuditEvents::await).toList();
  }

  static JsonNode await(String decisionId) {
    URI uri = URI.create(RealStackResource.audit().url() + "/api/v1/decisions/" + decisionId);
    String auditor = "Bearer " + TestKeys.auditor();
    return Awaitility.await("event " + decisionId)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> fetch(uri, auditor), Objects::nonNull);
  }

  private static JsonNode fetch(URI uri, String auditor) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(uri).header("authorization", auditor).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }
}
