package io.mcpauthz.pep;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.mcpauthz.pep.port.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CheckResponseMapperTest {

  private static final Map<String, String> METADATA =
      Map.of("decision_id", "d-1", "decision", "allow", "tool", "create_issue");

  @Test
  void shouldAllowWithHeaderMutationsAndMetadata() {
    Verdict allow = new Verdict.Allow("d-1", List.of("authorization"),
        Map.of("x-upstream-token", "Bearer minted", "x-mcp-authz-decision-id", "d-1"), METADATA);

    CheckResponse response = CheckResponseMapper.toCheckResponse(allow);

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(response.hasDeniedResponse()).isFalse();
    assertThat(response.getOkResponse().getHeadersToRemoveList()).containsExactly("authorization");
    assertThat(headers(response.getOkResponse().getHeadersList()))
        .containsEntry("x-upstream-token", "Bearer minted")
        .containsEntry("x-mcp-authz-decision-id", "d-1");
    assertThat(response.getOkResponse().getHeadersList())
        .allMatch(h -> h.getAppendAction() == HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    assertThat(response.getDynamicMetadata().getFieldsMap().get("decision_id").getStringValue()).isEqualTo("d-1");
    assertThat(response.getDynamicMetadata().getFieldsMap().get("tool").getStringValue()).isEqualTo("create_issue");
  }

  @Test
  void shouldNeverRemoveAHeaderItSets() {
    Verdict allow = new Verdict.Allow("d-1", List.of("authorization", "cookie", "x-mcp-authz-decision-id"),
        Map.of("authorization", "Bearer minted", "x-mcp-authz-decision-id", "d-1"), METADATA);

    CheckResponse response = CheckResponseMapper.toCheckResponse(allow);

    // Envoy removes after it sets: removing a set header would drop the minted token.
    assertThat(response.getOkResponse().getHeadersToRemoveList()).containsExactly("cookie");
    assertThat(headers(response.getOkResponse().getHeadersList())).containsEntry("authorization", "Bearer minted");
  }

  @ParameterizedTest
  @CsvSource({
    "400, BadRequest, INVALID_ARGUMENT",
    "401, Unauthorized, UNAUTHENTICATED",
    "403, Forbidden, PERMISSION_DENIED",
    "413, PayloadTooLarge, INVALID_ARGUMENT",
    "503, ServiceUnavailable, UNAVAILABLE",
  })
  void shouldDenyWithStatusBodyAndHeaders(int status, StatusCode httpCode, Code grpcCode) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32010}}";
    Verdict deny = new Verdict.Deny("d-2", status,
        Map.of("content-type", "application/json", "www-authenticate", "Bearer resource_metadata=\"x\""),
        body, Map.of("decision_id", "d-2", "decision", "deny"));

    CheckResponse response = CheckResponseMapper.toCheckResponse(deny);

    assertThat(response.getStatus().getCode()).isEqualTo(grpcCode.getNumber());
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(httpCode);
    assertThat(response.getDeniedResponse().getBody()).isEqualTo(body);
    assertThat(headers(response.getDeniedResponse().getHeadersList()))
        .containsEntry("content-type", "application/json")
        .containsEntry("www-authenticate", "Bearer resource_metadata=\"x\"");
    assertThat(response.getDynamicMetadata().getFieldsMap().get("decision").getStringValue()).isEqualTo("deny");
  }

  @Test
  void shouldLeaveNullMetadataOut() {
    Map<String, String> metadata = new java.util.HashMap<>(Map.of("decision_id", "d-3"));
    metadata.put("tool", null);

    CheckResponse response = CheckResponseMapper.toCheckResponse(
        new Verdict.Deny("d-3", 400, Map.of(), "{}", metadata));

    assertThat(response.getDynamicMetadata().getFieldsMap()).containsOnlyKeys("decision_id");
  }

  private static Map<String, String> headers(List<HeaderValueOption> options) {
    return options.stream().collect(Collectors.toMap(o -> o.getHeader().getKey(), o -> o.getHeader().getValue()));
  }
}
