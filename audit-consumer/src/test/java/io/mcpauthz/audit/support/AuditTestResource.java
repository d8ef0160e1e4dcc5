package io.mcpauthz.audit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Points the app at the real broker in {@code MCP_AUTHZ_TEST_KAFKA} (started by
 * {@code ./mcp-authz test}), on a topic of its own, with a temp DuckDB file (or, with
 * {@code -Dmcp-authz.test.store=postgresql}, a database of its own on the PostgreSQL server in
 * {@code MCP_AUTHZ_TEST_POSTGRES}) and a fresh RSA key pair for the JWTs (public PEM for verification, private PEM for the test tokens).
 */
public class AuditTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String KAFKA_ENV = "MCP_AUTHZ_TEST_KAFKA";
  public static final String ISSUER = "https://test-issuer.mcp-authz.local";
  public static final String AUDIENCE = "mcp-authz-audit";
  /** What the PDP's callers carry: never good for the audit API. */
  public static final String MCP_AUDIENCE = "https://mcp.example.com/github/mcp";

  private Path dir;
  private TestPostgres postgres;

  @Override
  public Map<String, String> start() {
    String bootstrap = System.getenv(KAFKA_ENV);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalStateException(KAFKA_ENV + " is not set: the audit-consumer tests need a real Kafka "
          + "broker (host:port). Run ./mcp-authz test, or start a broker and export " + KAFKA_ENV + ".");
    }
    String run = UUID.randomUUID().toString();
    String topic = "test.decisions." + run;
    createTopic(bootstrap, topic);
    createTopic(bootstrap, topic + ".dlq");
    try {
      dir = Files.createTempDirectory("audit-consumer-test");
      KeyPair keys = Keys.generate();
      Path publicPem = Keys.writePublic(keys, dir.resolve("issuer-public.pem"));
      Path privatePem = Keys.writePrivate(keys, dir.resolve("issuer-private.pem"));
      Map<String, String> config = new HashMap<>();
      config.put("kafka.bootstrap.servers", bootstrap);
      config.put("mcp-authz.audit.topic", topic);
      config.put("mcp-authz.audit.dlq-topic", topic + ".dlq");
      config.put("mcp-authz.audit.group", "test-audit-" + run);
      config.put("mcp-authz.audit.database", dir.resolve("db/decisions.duckdb").toString());
      if (TestPostgres.selected()) {
        postgres = TestPostgres.createDatabase("test_" + run.replace("-", ""));
        config.putAll(postgres.config());
      }
      config.put("mcp-authz.audit.poll-timeout", "200ms");
      config.put("mcp-authz.audit.retry-backoff", "1s");
      config.put("mp.jwt.verify.publickey.location", publicPem.toString());
      config.put("mp.jwt.verify.issuer", ISSUER);
      config.put("mp.jwt.verify.audiences", AUDIENCE);
      config.put("smallrye.jwt.sign.key.location", privatePem.toString());
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Created up front, so the consumer never races the producer's auto-creation.
  static void createTopic(String bootstrap, String topic) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + " on " + KAFKA_ENV + "=" + bootstrap, e);
    }
  }

  @Override
  public void stop() {
    if (postgres != null) {
      postgres.drop();
    }
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }
}
