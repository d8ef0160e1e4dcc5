package io.mcpauthz.audit.export;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.siem.OcsfApiActivity;
import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EcsFields;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.OcsfValidator;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Streamed exports through the API. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String subject = "export-" + UUID.randomUUID();
  private TestEvent first;
  private TestEvent second;

  @TestHTTPResource("/")
  URL app;

  @BeforeAll
  void produce() {
    first = TestEvent.at(T0).subject(subject).tool("list_issues");
    second = TestEvent.at(T0.plusSeconds(1)).subject(subject).tool("=HYPERLINK(\"x\",\"y\")")
        .deny(403, "write", "role_not_granted", "scope_missing");
    try (EventProducer producer = new EventProducer()) {
      producer.send(first, second);
      // Pretty-printed JSON must still come out as one NDJSON line.
      producer.send(first.sessionId(), TestEvent.at(T0.minusSeconds(1)).subject(subject).id("pretty-" + subject)
          .json().replace(",", ",\n  "));
    }
  }

  // RestAssured knows the app's port only per test, so indexing is awaited here, not in @BeforeAll.
  @BeforeEach
  void awaitIndexed() {
    awaitCount(Map.of("subject", subject), 3);
  }

  @Test
  void shouldExportNdjsonNewestFirst() throws Exception {
    Response response = export("ndjson");
    assertThat(response.contentType()).startsWith("application/x-ndjson");
    assertThat(response.header("Content-Disposition")).contains("decisions.ndjson");
    List<String> ids = new ArrayList<>();
    for (String line : response.asString().split("\n")) {
      JsonNode event = MAPPER.readTree(line);
      ids.add(event.get("decision_id").asText());
    }
    assertThat(ids).containsExactly(second.id(), first.id(), "pretty-" + subject);
  }

  @Test
  void shouldExportCsvWithHeaderAndDefusedFormulas() {
    Response response = export("csv");
    assertThat(response.contentType()).startsWith("text/csv");
    String[] lines = response.asString().split("\r\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo(String.join(",", CsvRows.COLUMNS));
    assertThat(lines[1]).startsWith(second.id() + ",2026-11-26T10:00:01Z,deny,403,write," + subject)
        .contains(",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",")
        .endsWith(",\"role_not_granted;scope_missing\"");
    assertThat(lines[2]).startsWith(first.id() + ",2026-11-26T10:00:00Z,allow,200,read,");
  }

  @Test
  void shouldExportOcsfApiActivityThatValidates() throws Exception {
    Response response = export("ocsf");
    assertThat(response.header("Content-Disposition")).contains("decisions.ocsf.ndjson");
    List<JsonNode> events = lines(response);
    assertThat(events).extracting(e -> e.at("/metadata/uid").asText())
        .containsExactly(second.id(), first.id(), "pretty-" + subject);
    assertThat(events).allSatisfy(e -> assertThat(e.get("class_uid").intValue()).isEqualTo(6003));
    OcsfValidator.Result result = OcsfValidator.validate(OcsfApiActivity.VERSION, events);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldExportEcsDocumentsThatValidate() throws Exception {
    Response response = export("ecs");
    assertThat(response.header("Content-Disposition")).contains("decisions.ecs.ndjson");
    List<JsonNode> docs = lines(response);
    assertThat(docs).extracting(d -> d.at("/event/id").asText())
        .containsExactly(second.id(), first.id(), "pretty-" + subject);
    EcsFields ecs = new EcsFields(List.of("mcp_authz"));
    assertThat(docs).allSatisfy(d -> assertThat(ecs.problems(d)).isEmpty());
  }

  @Test
  void shouldDefaultToNdjson() {
    assertThat(auditor().queryParam("subject", subject).when().get("/api/v1/decisions/export")
        .then().statusCode(200).extract().contentType()).startsWith("application/x-ndjson");
  }

  /** HTTP/1.0 ends a body where the connection ends, so a cut export would pass for a whole one. */
  @Test
  void shouldRefuseAnExportOverHttp10() throws Exception {
    String reply;
    try (Socket socket = new Socket(app.getHost(), app.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/v1/decisions/export?subject=" + subject + " HTTP/1.0\r\nHost: "
          + app.getHost() + "\r\nAuthorization: Bearer " + Tokens.auditor() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(reply).startsWith("HTTP/1.0 426 ");
    assertThat(reply.toLowerCase(Locale.ROOT)).contains("\r\nupgrade: http/1.1\r\n").contains("\r\nconnection: upgrade\r\n");
    assertThat(reply).contains("\"error\":\"http_version_unsupported\"").doesNotContain(first.id());
  }

  private static List<JsonNode> lines(Response response) throws Exception {
    assertThat(response.contentType()).startsWith("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.asString().split("\n")) {
      lines.add(MAPPER.readTree(line));
    }
    return lines;
  }

  private Response export(String format) {
    return auditor().queryParam("subject", subject).queryParam("format", format)
        .when().get("/api/v1/decisions/export")
        .then().statusCode(200).extract().response();
  }
}
