package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fail closed: with OPA gone or frozen, a call that policy would allow is refused with 503, and logged. */
@QuarkusTest
@WithTestResource(value = RealStackResource.class, // the REST engine: its OPA is what fails here
    initArgs = @ResourceArg(name = RealStackResource.ENGINE, value = "rest"))
class OpaOutageTest {

  @AfterEach
  void restartOpa() {
    if (!RealStackResource.opa().isRunning()) {
      RealStackResource.opa().start();
    }
    RealStackResource.opa().pause(false);
  }

  @Test
  void shouldAnswer503WhenOpaIsTooSlow() {
    EnvoyCheck allowed = EnvoyCheck.toolCall(12, "create_issue", "{}").bearer(TestKeys.token("alice", "dev"));
    assertThat(allowed.send().hasOkResponse()).isTrue();

    RealStackResource.opa().pause(true);
    CheckResponse response = allowed.send();
    RealStackResource.opa().pause(false);

    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    JsonNode body = Responses.deniedBody(response);
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32603);
    assertThat(body.path("error").path("data").path("reasons").get(0).asText()).isEqualTo("opa_timeout");
    assertThat(AuditApi.awaitDecision(Responses.decisionId(response)).getList("reasons.code"))
        .containsExactly("opa_timeout");
  }

  @Test
  void shouldAnswer503WhenOpaStopsMidTest() {
    EnvoyCheck allowed = EnvoyCheck.toolCall(11, "create_issue", "{}").bearer(TestKeys.token("alice", "dev"));
    assertThat(allowed.send().hasOkResponse()).isTrue();

    RealStackResource.opa().stop();
    CheckResponse response = allowed.send();

    assertThat(response.hasDeniedResponse()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    JsonNode body = Responses.deniedBody(response);
    assertThat(body.path("id").asInt()).isEqualTo(11);
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32603);
    assertThat(body.path("error").path("data").path("reasons").get(0).asText()).isEqualTo("opa_unavailable");
    assertThat(AuditApi.awaitDecision(Responses.decisionId(response)).getList("reasons.code"))
        .containsExactly("opa_unavailable");
  }
}
