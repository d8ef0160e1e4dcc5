package io.mcpauthz.audit.export;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.awaitCount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.ExportSlots;
import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.HeldExports;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The replica's bound on concurrent exports through the API: with the shipped bound's exports
 * held open mid-stream by the app's own reader (as by clients that stopped reading), one more is
 * answered {@code 503 store_busy} at once, in JSON, with {@code Retry-After}, and counted; once
 * one of them has ended, a new export streams; and one token subject streams one export at a
 * time while another subject's streams beside it. On the PostgreSQL run too.
 */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails here
class ExportConcurrencyTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Inject
  DecisionReader reader;

  private final String subject = "bound-" + UUID.randomUUID();
  private DecisionFilter bySubject;

  @BeforeAll
  void produce() {
    try (EventProducer producer = new EventProducer()) {
      producer.send(TestEvent.at(T0).subject(subject), TestEvent.at(T0.plusSeconds(1)).subject(subject));
    }
    bySubject = new DecisionFilter(subject, null, null, null, null, null, null, null, null, null, null);
  }

  @BeforeEach
  void awaitIndexed() {
    awaitCount(Map.of("subject", subject), 2);
  }

  @Test
  void shouldRefuseTheExportPastTheBoundUntilOneHasEnded() throws Exception {
    int bound = Integer.parseInt(ExportSlots.DEFAULT_MAX);
    double refusedBefore = refused();
    try (HeldExports exports = new HeldExports()) {
      HeldExports.Held first = exports.hold(reader, bySubject);
      for (int i = 1; i < bound; i++) {
        exports.hold(reader, bySubject);
      }
      assertThat(Metrics.value("mcp_authz_audit_exports_active", "")).isEqualTo(bound);

      for (String format : new String[] {"ndjson", "csv", "ocsf"}) {
        Response busy = export(format);
        assertThat(busy.statusCode()).as(format).isEqualTo(503);
        assertThat(busy.contentType()).as(format).startsWith("application/json");
        assertThat(busy.header("Retry-After")).as(format).isEqualTo("5");
        assertThat(busy.jsonPath().getString("error")).as(format).isEqualTo("store_busy");
        assertThat(busy.jsonPath().getString("message")).as(format).contains("exports");
      }
      assertThat(refused() - refusedBefore).isEqualTo(3);

      assertThat(first.finish().rows()).isEqualTo(2);
      Response streamed = export("ndjson");
      assertThat(streamed.statusCode()).isEqualTo(200);
      assertThat(streamed.asString().split("\n")).hasSize(2);
    }
  }

  @Test
  void shouldRefuseASecondExportOfOneSubjectWhileAnotherSubjectStreams() throws Exception {
    try (HeldExports exports = new HeldExports()) {
      HeldExports.Held own = exports.hold(reader, "sub:" + Tokens.SUBJECT, bySubject); // the API's key of the test token

      Response busy = export("ndjson");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.jsonPath().getString("error")).isEqualTo("store_busy");
      assertThat(busy.jsonPath().getString("message")).contains("this token's subject already streams");

      Response other = given().auth().oauth2(Tokens.auditorNamed("other-analyst"))
          .queryParam("subject", subject).queryParam("format", "ndjson")
          .when().get("/api/v1/decisions/export").then().extract().response();
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(other.asString().split("\n")).hasSize(2);

      assertThat(own.finish().rows()).isEqualTo(2);
      assertThat(export("ndjson").statusCode()).isEqualTo(200);
    }
  }

  /** As the console asks for a download: the refusal is JSON whatever the Accept header named. */
  private Response export(String format) {
    return auditor().accept("csv".equals(format) ? "text/csv" : "application/x-ndjson")
        .queryParam("subject", subject).queryParam("format", format)
        .when().get("/api/v1/decisions/export")
        .then().extract().response();
  }

  private static double refused() {
    return Metrics.value("mcp_authz_audit_exports_refused_total", "");
  }
}
