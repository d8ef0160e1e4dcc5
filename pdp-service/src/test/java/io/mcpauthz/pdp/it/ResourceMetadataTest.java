package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9728 metadata for configured MCP servers, and the 401 challenge that points to it. */
@QuarkusTest
@TestProfile(ResourceMetadataTest.TwoServers.class)
@WithTestResource(RealStackResource.class)
class ResourceMetadataTest {

  static final String METADATA = "/.well-known/oauth-protected-resource";

  public static class TwoServers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mcp-authz.resources.\"jira\".resource", "https://mcp.example.com/jira",
          "mcp-authz.resources.\"jira\".authorization-servers", "https://idp.example.com/realms/mcp",
          "mcp-authz.resources.\"jira\".scopes-supported", "mcp:tools,mcp:admin",
          "mcp-authz.resources.\"jira\".resource-name", "Jira tools",
          "mcp-authz.resources.\"docs\".resource", "https://docs.example.com",
          "mcp-authz.resources.\"docs\".authorization-servers", "https://idp.example.com/realms/mcp",
          "mcp-authz.resources.\"wiki\".resource", "https://wiki.example.com/",
          "mcp-authz.resources.\"wiki\".authorization-servers", "https://idp2.example.com");
    }
  }

  @Test
  void shouldServeMetadataAtWellKnownPathOfConfiguredResource() {
    given().get(METADATA + "/jira").then()
        .statusCode(200)
        .contentType("application/json")
        .body("resource", equalTo("https://mcp.example.com/jira"))
        .body("authorization_servers", contains("https://idp.example.com/realms/mcp"))
        .body("scopes_supported", contains("mcp:tools", "mcp:admin"))
        .body("bearer_methods_supported", contains("header"))
        .body("resource_name", equalTo("Jira tools"));
  }

  @Test
  void shouldAnswer404ForUnconfiguredResource() {
    given().get(METADATA + "/github").then().statusCode(404);
    given().get(METADATA + "/jira/extra").then().statusCode(404);
  }

  @Test
  void shouldTellHostsApartWhenResourcesShareThePath() {
    given().header("Host", "docs.example.com").get(METADATA).then()
        .statusCode(200).body("resource", equalTo("https://docs.example.com"))
        .body("scopes_supported", equalTo(null));
    given().header("Host", "wiki.example.com").get(METADATA).then()
        .statusCode(200).body("resource", equalTo("https://wiki.example.com/"));
    given().header("Host", "other.example.com").get(METADATA).then().statusCode(404);
  }

  @Test
  void shouldChallengeWithConfiguredMetadataUrlRatherThanOneDerivedFromRequest() {
    // The request says host mcp.example.com, path /mcp: the configured resource wins.
    CheckResponse response = EnvoyCheck.toolCall(30, "create_issue", "{}").server("jira").send();

    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()))
        .containsEntry("www-authenticate",
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/jira\"");
  }

  @Test
  void shouldChallengeInvalidTokenWithConfiguredMetadataUrl() {
    CheckResponse response = EnvoyCheck.toolCall(31, "create_issue", "{}").server("jira").bearer("abc.def").send();

    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()).get("www-authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", "
            + "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/jira\"");
  }

  @Test
  void shouldDeriveMetadataUrlFromRequestForUnconfiguredServer() {
    // The test stack configures the policies' servers; "notes" is none of them.
    CheckResponse response = EnvoyCheck.toolCall(32, "create_issue", "{}").server("notes").send();

    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()))
        .containsEntry("www-authenticate",
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
  }
}
