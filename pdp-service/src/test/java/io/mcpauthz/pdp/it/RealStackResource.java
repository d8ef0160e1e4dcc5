package io.mcpauthz.pdp.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Starts the real parts the PDP talks to: OPA on the repository's policies, the audit-consumer
 * on its own topic, and the test identity provider's key. The Kafka broker is started by
 * {@code ./mcp-authz test} and named in {@code MCP_AUTHZ_TEST_KAFKA}.
 *
 * <p>With the init argument {@code policies=bundle}, OPA instead watches a bundle built from a
 * private copy of the policies, which a test may edit and rebuild ({@link #policyCopy()}).
 */
public class RealStackResource implements QuarkusTestResourceLifecycleManager {

  public static final String POLICIES = "policies";

  private static OpaProcess opa;
  private static AuditConsumerProcess audit;
  private static Path policyCopy;
  private static Path bundle;
  private boolean bundleMode;

  @Override
  public void init(Map<String, String> args) {
    bundleMode = "bundle".equals(args.get(POLICIES));
  }

  /** The editable copy of policies-rego behind the bundle (bundle mode only). */
  public static Path policyCopy() {
    return policyCopy;
  }

  /** Rebuilds the watched bundle from {@link #policyCopy()} with a new revision. */
  public static void rebuildBundle(String revision) {
    OpaProcess.buildBundle(policyCopy, revision, bundle);
  }

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
    opa = bundleMode ? bundledOpa() : OpaProcess.onDirectory(Processes.root().resolve("policies-rego"));
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

  private static OpaProcess bundledOpa() {
    try {
      Path work = Files.createTempDirectory("mcp-authz-policies");
      policyCopy = work.resolve("policies");
      bundle = work.resolve("bundle.tar.gz");
      Path source = Processes.root().resolve("policies-rego");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.copy(file, policyCopy.resolve(source.relativize(file).toString()));
        }
      }
      OpaProcess.buildBundle(policyCopy, "rev-1", bundle);
      return OpaProcess.onBundle(bundle);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
