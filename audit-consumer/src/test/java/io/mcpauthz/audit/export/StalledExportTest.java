package io.mcpauthz.audit.export;

import static io.mcpauthz.audit.support.Api.auditor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A client that stops reading an export has its connection reset (HTTP/1.1) or its stream reset
 * (HTTP/2) once a write has been blocked for {@code stall-timeout} (two seconds here): the
 * export's slot is free again, and the body the client got ends without its last chunk or a
 * marker line. So does an export whose store fails once its first bytes are out. The export is about 20 MB, far more
 * than the socket buffers between a client that reads nothing and the server hold.
 */
@QuarkusTest
@TestProfile(StalledExportTest.StallTwoSeconds.class)
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails here
class StalledExportTest {

  private static final int EVENTS = 2_500;
  private static final String LARGE_ARGUMENT = "0123456789abcdef".repeat(500); // 8 000 characters

  public static class StallTwoSeconds implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mcp-authz.audit.export.stall-timeout", "PT2S");
    }
  }

  private final String subject = "stalled-" + UUID.randomUUID();

  @TestHTTPResource("/")
  URL app;

  @Inject
  Vertx vertx;

  @BeforeAll
  void produce() {
    Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
    try (EventProducer producer = new EventProducer()) {
      for (int i = 0; i < EVENTS; i++) {
        producer.send(TestEvent.at(t0.plusMillis(i)).subject(subject).argument("body", LARGE_ARGUMENT));
      }
    }
  }

  // A profile of its own starts a second app, whose consumer joins its group late.
  @BeforeEach
  void awaitIndexed() {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(indexed()).isEqualTo(EVENTS));
  }

  @Test
  void shouldResetTheConnectionOfAClientThatStoppedReading() throws Exception {
    try (Socket socket = new Socket()) {
      InputStream in = startExport(socket);
      assertThat(activeExports()).isEqualTo(1);

      // the client reads nothing more: cut once a write has been blocked for 2 s
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(activeExports()).isZero());

      String rest = readToTheEnd(in);
      assertThat(rest).doesNotContain(TruncationMarker.KEY).doesNotEndWith("\r\n0\r\n\r\n");
      assertThat(rest.length()).isLessThan(EVENTS * LARGE_ARGUMENT.length());
    }
  }

  @Test
  void shouldResetTheStreamOfAnHttp2ClientThatStoppedReading() throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)); // prior knowledge: h2c from the first byte
    CompletableFuture<HttpClientResponse> response = new CompletableFuture<>();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    try {
      client.request(HttpMethod.GET, app.getPort(), app.getHost(), "/api/v1/decisions/export?format=ndjson&subject="
          + subject)
          .compose(request -> request.putHeader("Authorization", "Bearer " + Tokens.auditor()).send())
          .onSuccess(received -> {
            received.pause(); // no byte consumed, so no WINDOW_UPDATE: the server's writes block
            received.exceptionHandler(ended::complete);
            received.endHandler(end -> ended.complete(null));
            response.complete(received);
          })
          .onFailure(response::completeExceptionally);
      HttpClientResponse received = response.get(30, TimeUnit.SECONDS);
      assertThat(received.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(received.statusCode()).isEqualTo(200);

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(activeExports()).isZero());
      assertThat(ended.get(30, TimeUnit.SECONDS)).isInstanceOf(StreamResetException.class);
    } finally {
      client.close();
    }
  }

  @Test
  @EnabledIf("io.mcpauthz.audit.support.TestPostgres#selected")
  void shouldResetAnExportWhoseStoreFailsAfterItsFirstBytes() throws Exception {
    try (Socket socket = new Socket()) {
      InputStream in = startExport(socket);
      // the client reads on at once: no write is blocked for long, the cursor's next fetch fails
      assertThat(terminateExportSession()).isEqualTo(1);

      String rest = readToTheEnd(in);
      assertThat(rest).doesNotContain(TruncationMarker.KEY).doesNotEndWith("\r\n0\r\n\r\n");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(activeExports()).isZero());
    }
  }

  /** Sends the export's request over a socket with a small receive buffer; reads up to the status. */
  private InputStream startExport(Socket socket) throws IOException {
    socket.setReceiveBufferSize(4096); // before connect: the window the server may fill
    socket.connect(new InetSocketAddress(app.getHost(), app.getPort()));
    socket.getOutputStream().write(("GET /api/v1/decisions/export?format=ndjson&subject=" + subject
        + " HTTP/1.1\r\nHost: " + app.getHost() + "\r\nAuthorization: Bearer " + Tokens.auditor()
        + "\r\nAccept: application/x-ndjson\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    return in;
  }

  /** Ends the PostgreSQL session of the one export running, as a server restart or a DBA would. */
  private static int terminateExportSession() throws SQLException {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(ConfigProvider.getConfig().getValue("mcp-authz.audit.postgresql.url", String.class));
    source.setUser("postgres");
    try (Connection conn = source.getConnection(); Statement statement = conn.createStatement();
        ResultSet terminated = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            + " AND state IN ('active', 'idle in transaction') AND query LIKE 'SELECT % FROM decisions%ORDER BY%'")) {
      terminated.next();
      return terminated.getInt(1);
    }
  }

  /** What the client still gets: its socket's buffers, then the end of a closed or reset connection. */
  private static String readToTheEnd(InputStream in) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[65_536];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        body.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // a reset connection: what came before it is all there is
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private static double activeExports() {
    return Metrics.value("mcp_authz_audit_exports_active", "");
  }

  private int indexed() {
    return auditor().queryParams(Map.of("subject", subject, "group_by", "subject", "bucket", "1d"))
        .when().get("/api/v1/stats").then().statusCode(200).extract().jsonPath()
        .getList("items.count", Integer.class).stream().mapToInt(Integer::intValue).sum();
  }
}
