package io.mcpauthz.audit.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mcpauthz.audit.support.AuditTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console is served with a strict policy and its files give that policy nothing to allow. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
class ConsoleAssetsTest {

  static final Path ASSETS = Path.of("src/main/resources/META-INF/resources/console");

  @ParameterizedTest
  @ValueSource(strings = {"/console/", "/console/js/app.js", "/console/console.css"})
  void shouldServeWithStrictSecurityHeaders(String path) {
    String csp = given().when().get(path).then().statusCode(200)
        .header("X-Content-Type-Options", equalTo("nosniff"))
        .header("X-Frame-Options", equalTo("DENY"))
        .header("Referrer-Policy", equalTo("no-referrer"))
        .header("Cache-Control", equalTo("no-cache"))
        .extract().header("Content-Security-Policy");
    assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
        "frame-ancestors 'none'").doesNotContain("unsafe", "http:", "https:", "*");
  }

  @Test
  void shouldServeIndexWithoutToken() {
    given().when().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
        .body(containsString("<script type=\"module\" src=\"js/app.js\"></script>"));
  }

  @Test
  void shouldKeepApiResponsesOutOfCaches() {
    given().when().get("/api/v1/decisions").then().statusCode(401).header("Cache-Control", equalTo("no-store"));
  }

  @Test
  void shouldHaveNoInlineCodeNorExternalOrigins() throws IOException {
    for (Path file : assets()) {
      String text = Files.readString(file);
      assertThat(text).as(file.toString())
          .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
          .doesNotContainPattern("\\son[a-z]+=")
          // The SVG namespace is a name, not a fetch.
          .doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg')")
          .doesNotContain("style=", "<style", "//cdn", "@import");
    }
  }

  @Test
  void shouldNeverWriteMarkupNorPersistTheToken() throws IOException {
    for (Path file : assets()) {
      if (file.toString().endsWith(".js")) {
        assertThat(Files.readString(file)).as(file.toString())
            .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "localStorage", "document.cookie", "access_token");
      }
    }
  }

  private static List<Path> assets() throws IOException {
    try (Stream<Path> files = Files.walk(ASSETS)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
