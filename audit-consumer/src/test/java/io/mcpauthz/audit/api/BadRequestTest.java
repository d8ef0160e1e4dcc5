package io.mcpauthz.audit.api;

import static io.mcpauthz.audit.support.Api.auditor;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.mcpauthz.audit.support.AuditTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad parameters are a 400 with a JSON error body, never a 500 or a framework 404. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
class BadRequestTest {

  @ParameterizedTest(name = "{0}?{1}")
  @CsvSource(delimiter = '|', value = {
    "/api/v1/decisions | limit=0 | parameter_invalid",
    "/api/v1/decisions | limit=501 | parameter_invalid",
    "/api/v1/decisions | limit=abc | parameter_invalid",
    "/api/v1/decisions | from=yesterday | parameter_invalid",
    "/api/v1/decisions | from=-0001-12-31T00:00:00Z | parameter_invalid",
    "/api/v1/stats | to=-0001-01-01T00:00:00Z | parameter_invalid",
    "/api/v1/decisions | to=2026-13-01T00:00:00Z | parameter_invalid",
    "/api/v1/decisions | from=2026-11-26T08:00:00Z&to=2026-11-26T07:00:00Z | parameter_invalid",
    "/api/v1/decisions | cursor=not-a-cursor! | cursor_invalid",
    "/api/v1/decisions | cursor=djE6eHh4Onk | cursor_invalid",
    "/api/v1/decisions/export | format=xml | parameter_invalid",
    "/api/v1/stats | group_by=decision,password | parameter_invalid",
    "/api/v1/stats | bucket=2h | parameter_invalid",
    "/api/v1/stats | group_by=decision,tool,server,subject,client_id | parameter_invalid",
    "/api/v1/sessions/s/timeline | limit=-1 | parameter_invalid",
  })
  void shouldAnswer400(String path, String query, String error) {
    auditor().when().get(path + "?" + query)
        .then().statusCode(400)
        .contentType("application/json")
        .body("error", equalTo(error))
        .body("message", notNullValue());
  }

  @Test
  void shouldAnswer400ForOverlongValue() {
    auditor().queryParam("subject", "x".repeat(Params.MAX_VALUE_LENGTH + 1))
        .when().get("/api/v1/decisions")
        .then().statusCode(400).body("error", equalTo("parameter_invalid"));
  }

  @Test
  void shouldAnswerJson404ForUnknownPath() {
    auditor().when().get("/api/v1/nothing-here")
        .then().statusCode(404).body("error", equalTo("not_found"));
  }
}
