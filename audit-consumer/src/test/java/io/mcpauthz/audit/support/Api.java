package io.mcpauthz.audit.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** REST Assured shortcuts for the audit API with an auditor token. */
public final class Api {

  private Api() {
  }

  public static RequestSpecification auditor() {
    return given().auth().oauth2(Tokens.auditor());
  }

  /** GET /api/v1/decisions with the given query parameters; expects 200. */
  public static Response search(Map<String, ?> params) {
    return auditor().queryParams(params).when().get("/api/v1/decisions").then().statusCode(200).extract()
        .response();
  }

  public static List<String> ids(Response response) {
    return response.jsonPath().getList("items.decision_id", String.class);
  }

  /** Waits until the search finds exactly {@code expected} items, i.e. they are indexed. */
  public static void awaitCount(Map<String, ?> params, int expected) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ids(search(params))).hasSize(expected));
  }
}
