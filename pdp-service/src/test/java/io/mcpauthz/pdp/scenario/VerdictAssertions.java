package io.mcpauthz.pdp.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks what the PEP is told (the contract's "What the PEP is told") against a scenario's {@code then}. */
final class VerdictAssertions {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The credential headers every allow removes upstream (mcp-authz.request.strip-headers, default). */
  static final List<String> STRIPPED_ON_EVERY_ALLOW =
      List.of("cookie", "proxy-authorization", "x-api-key", "api-key", "x-auth-token", "x-access-token");

  private VerdictAssertions() {}

  /** @return the decision ids, one per judged message, in message order */
  static List<String> assertVerdict(Scenario.Then then, CheckRequest request, CheckResponse response) {
    var metadata = response.getDynamicMetadata().getFieldsMap();
    assertThat(metadata.get("decision").getStringValue()).as("decision: %s", describe(response))
        .isEqualTo(then.decision());
    String decisionIds = metadata.get("decision_id").getStringValue();
    if (then.allowed()) {
      assertAllowed(then, request, response, decisionIds);
    } else {
      assertDenied(then, response, decisionIds);
    }
    return List.of(decisionIds.split(","));
  }

  private static void assertAllowed(Scenario.Then then, CheckRequest request, CheckResponse response, String ids) {
    assertThat(response.hasOkResponse()).as(describe(response)).isTrue();
    assertThat(then.status()).as("an allow is forwarded with the upstream's status").isEqualTo(200);
    OkHttpResponse ok = response.getOkResponse();
    Map<String, String> set = headers(ok.getHeadersList());
    assertThat(set.keySet()).as("headers set").containsExactlyInAnyOrderElementsOf(then.headersSet());
    List<String> removed = new ArrayList<>(STRIPPED_ON_EVERY_ALLOW);
    if (then.headersRemoved() != null) {
      removed.addAll(then.headersRemoved());
    }
    assertThat(ok.getHeadersToRemoveList()).as("headers removed").containsExactlyInAnyOrderElementsOf(removed);
    assertThat(ok.getHeadersToRemoveList()).as("never removes a header it sets")
        .doesNotContainAnyElementsOf(set.keySet());
    assertThat(set).containsEntry("x-mcp-authz-decision-id", ids);
    String clientCredential = request.getAttributes().getRequest().getHttp().getHeadersMap().get("authorization");
    if (clientCredential != null) {
      assertThat(set.values()).as("no token passthrough").doesNotContain(clientCredential);
    }
    if (set.containsKey("authorization")) {
      assertThat(set.get("authorization")).as("minted upstream assertion").startsWith("Bearer ey");
    }
  }

  private static void assertDenied(Scenario.Then then, CheckResponse response, String ids) {
    assertThat(response.hasDeniedResponse()).as(describe(response)).isTrue();
    DeniedHttpResponse denied = response.getDeniedResponse();
    assertThat(denied.getStatus().getCode().getNumber()).as("HTTP status, body %s", denied.getBody())
        .isEqualTo(then.status());
    Map<String, String> headers = headers(denied.getHeadersList());
    assertThat(headers).containsEntry("content-type", "application/json").containsEntry("x-mcp-authz-decision-id", ids);
    if (then.wwwAuthenticate() == null) {
      assertThat(headers).doesNotContainKey("www-authenticate");
    } else {
      assertThat(headers.get("www-authenticate")).as("challenge").startsWith(then.wwwAuthenticate());
    }
    JsonNode body = parse(denied.getBody());
    List<String> decisionIds = List.of(ids.split(","));
    if (then.errors() != null) {
      assertThat(body.isArray()).as("a batch is answered with an array of errors: %s", body).isTrue();
      assertThat(body).as("one error per request with an id: %s", body).hasSize(then.errors().size());
      for (int i = 0; i < body.size(); i++) {
        assertError(then.errors().get(i), body.get(i), decisionIds);
      }
    } else {
      assertThat(body.isObject()).as("one JSON-RPC error object: %s", body).isTrue();
      assertError(then.error(), body, decisionIds);
    }
  }

  private static void assertError(Scenario.RpcError expected, JsonNode actual, List<String> decisionIds) {
    String what = actual.toString();
    assertThat(actual.path("jsonrpc").asText()).as(what).isEqualTo("2.0");
    assertThat(actual.path("id").toString()).as("id in %s", what)
        .isEqualTo(expected.id() == null ? "null" : expected.id().toString());
    JsonNode error = actual.path("error");
    assertThat(error.path("code").asInt()).as("code in %s", what).isEqualTo(expected.code());
    assertThat(error.path("message").asText()).as("message in %s", what).isNotBlank();
    assertThat(decisionIds).as("data.decision_id in %s", what).contains(error.path("data").path("decision_id").asText());
    List<String> reasons = new ArrayList<>();
    error.path("data").path("reasons").forEach(r -> reasons.add(r.asText()));
    assertThat(reasons).as("data.reasons in %s", what).isEqualTo(expected.reasons());
  }

  /** Short enough to read in a failure: never the minted token. */
  private static String describe(CheckResponse response) {
    if (response.hasOkResponse()) {
      return "allowed, setting " + headers(response.getOkResponse().getHeadersList()).keySet();
    }
    DeniedHttpResponse denied = response.getDeniedResponse();
    return "denied " + denied.getStatus().getCode().getNumber() + " " + denied.getBody();
  }

  private static Map<String, String> headers(List<HeaderValueOption> options) {
    return options.stream().collect(Collectors.toMap(o -> o.getHeader().getKey(), o -> o.getHeader().getValue()));
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
