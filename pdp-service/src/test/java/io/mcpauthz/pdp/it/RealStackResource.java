package io.mcpauthz.pdp.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the real parts the PDP talks to: OPA on the repository's policies, the audit-consumer
 * on its own topic, and the test identity provider's key. The Kafka broker is started by
 * {@code ./mcp-authz test} and named in {@code MCP_AUTHZ_TEST_KAFKA}.
 */
public class RealStackResource implements QuarkusTestResourceLifecycleManager {

  private static OpaProcess opa;
  private static AuditConsumerProcess audit;

  public static OpaProcess opa() {
    return opa;
  }

  public static AuditConsumerProcess audit() {
    return audit;
  }

  static String kafkaBootstrap() {
    String bootstrap = System.getenv("MCP_AUTHZ_TEST_KAFKA");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalStateException(
          "MCP_AUTHZ_TEST_KAFKA is not set: run the tests with ./mcp-authz test, which starts a Kafka broker");
    }
    return bootstrap;
  }

  @Override
  public Map<String, String> start() {
    String bootstrap = kafkaBootstrap();
    String topic = "test.decisions." + UUID.randomUUID();
    opa = new OpaProcess(Processes.root().resolve("policies-rego"));
    opa.start();
    audit = new AuditConsumerProcess();
    audit.start(bootstrap, topic);
    return Map.of(
        "mcp-authz.opa.url", opa.url(),
        "kafka.bootstrap.servers", bootstrap,
        "mcp-authz.events.topic", topic,
        "mp.jwt.verify.publickey.location", TestKeys.publicKeyFile().toString(),
        "mp.jwt.verify.issuer", TestKeys.ISSUER,
        "mp.jwt.verify.audiences", TestKeys.AUDIENCE,
        "quarkus.grpc.server.test-port", String.valueOf(Processes.freePort()),
        "quarkus.http.test-port", "0");
  }

  @Override
  public void stop() {
    if (audit != null) {
      audit.stop();
    }
    if (opa != null) {
      opa.stop();
    }
  }
}
