package io.mcpauthz.pdp.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.policy.PolicyDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpaClientTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static PolicyDecision decision(String response) throws Exception {
    return OpaClient.toDecision(MAPPER.readTree(response));
  }

  @Test
  void shouldReadDecisionDocument() throws Exception {
    PolicyDecision decision = decision("""
        {"result": {"allow": false, "action_class": "admin",
                    "reasons": [{"code": "mfa_required", "message": "admin needs MFA"}],
                    "obligations": {"required_scopes": ["repo:admin"]}},
         "provenance": {"bundles": {"mcp": {"revision": "abc123"}}}}
        """);

    assertThat(decision.allow()).isFalse();
    assertThat(decision.actionClass()).isEqualTo("admin");
    assertThat(decision.reasons()).containsExactly(new PolicyDecision.Reason("mfa_required", "admin needs MFA"));
    assertThat(decision.requiredScopes()).containsExactly("repo:admin");
    assertThat(decision.revision()).isEqualTo("abc123");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "undefined         | {}                                                    | DECISION_UNDEFINED",
    "null result       | {\"result\": null}                                    | DECISION_UNDEFINED",
    "string allow      | {\"result\": {\"allow\": \"true\"}}                   | DECISION_MALFORMED",
    "missing allow     | {\"result\": {\"reasons\": []}}                       | DECISION_MALFORMED",
    "reasons object    | {\"result\": {\"allow\": true, \"reasons\": {}}}      | DECISION_MALFORMED",
    "reason sans code  | {\"result\": {\"allow\": false, \"reasons\": [{}]}}   | DECISION_MALFORMED",
  })
  void shouldNeverAllowOnAnUnusableResult(String name, String response, ErrorCode expected) {
    assertThatThrownBy(() -> decision(response))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(expected));
  }
}
