package io.mcpauthz.pdp.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Starts the real parts the PDP talks to: OPA on the repository's policies, the audit-consumer
 * on its own topic, and the test identity provider's key. The Kafka broker is started by
 * {@code ./mcp-authz test} and named in {@code MCP_AUTHZ_TEST_KAFKA}.
 *
 * <p>With the init argument {@code policies=bundle}, OPA instead watches a bundle built from a
 * private copy of the policies, which a test may edit and rebuild ({@link #policyCopy()}). A Wasm
 * bundle of the same policies is built beside it; the PDP's engine is the init argument {@code engine},
 * else the system property {@code mcp-authz.test.engine}, else {@code rest}. With
 * {@code decision-log=true}, OPA prints every decision it makes ({@link OpaProcess#log()}).
 */
public class RealStackResource implements QuarkusTestResourceLifecycleManager {

  /** {@code bundle}: a watched bundle of a copy of policies-rego; {@code test:<name>}: src/test/resources/policies/<name>. */
  public static final String POLICIES = "policies";
  public static final String ENGINE = "engine";
  public static final String DECISION_LOG = "decision-log";

  private static OpaProcess opa;
  private static AuditConsumerProcess audit;
  private static Path policyCopy;
  private static Path bundle;
  private static Path wasmBundle;
  private boolean bundleMode;
  private String testPolicies;
  private String engine;
  private boolean decisionLog;

  @Override
  public void init(Map<String, String> args) {
    String policies = args.getOrDefault(POLICIES, "");
    bundleMode = "bundle".equals(policies);
    testPolicies = policies.startsWith("test:") ? policies.substring("test:".length()) : null;
    engine = args.getOrDefault(ENGINE, System.getProperty("mcp-authz.test.engine", "rest"));
    decisionLog = "true".equals(args.get(DECISION_LOG));
  }

  /** The editable copy of policies-rego behind the bundle (bundle mode only). */
  public static Path policyCopy() {
    return policyCopy;
  }

  /** Rebuilds the watched bundles (REST and Wasm) from {@link #policyCopy()} with a new revision. */
  public static void rebuildBundle(String revision) {
    OpaProcess.buildBundle(policyCopy, revision, bundle);
    OpaProcess.buildWasmBundle(policyCopy, revision, wasmBundle);
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
    createTopic(bootstrap, topic);
    Path policies = testPolicies != null
        ? Processes.root().resolve("pdp-service/src/test/resources/policies").resolve(testPolicies)
        : Processes.root().resolve("policies-rego");
    opa = bundleMode ? bundledOpa()
        : decisionLog ? OpaProcess.onDirectoryLoggingDecisions(policies) : OpaProcess.onDirectory(policies);
    opa.start();
    if (!bundleMode) {
      wasmBundle = tempDirectory().resolve("bundle-wasm.tar.gz");
      if ("wasm".equals(engine)) { // test policies may need builtins Wasm lacks: built only when used
        OpaProcess.buildWasmBundle(policies, "dev", wasmBundle);
      }
    }
    audit = new AuditConsumerProcess();
    audit.start(bootstrap, topic);
    Map<String, String> config = new HashMap<>(Map.of(
        "mcp-authz.opa.url", opa.url(),
        "kafka.bootstrap.servers", bootstrap,
        "mcp-authz.events.topic", topic,
        "mp.jwt.verify.publickey.location", TestKeys.publicKeyFile().toString(),
        "mp.jwt.verify.issuer", TestKeys.ISSUER,
        "mp.jwt.verify.audiences", TestKeys.audiences(),
        "quarkus.grpc.server.test-port", String.valueOf(Processes.freePort()),
        "quarkus.http.test-port", "0"));
    config.put("mcp-authz.policy.engine", engine);
    config.put(PdpProcess.SPOOL_DIRECTORY, Processes.tempDirectory("mcp-authz-spool").toString());
    config.put("mcp-authz.policy.wasm.bundle", wasmBundle.toString());
    // As shipped: every server the policies know is a resource, so its tokens are bound to it (RFC 8707).
    for (String server : TestKeys.SERVERS) {
      config.put("mcp-authz.resources.\"" + server + "\".resource", TestKeys.resource(server));
      config.put("mcp-authz.resources.\"" + server + "\".authorization-servers", TestKeys.ISSUER);
    }
    return config;
  }

  /**
   * Created up front: left to auto-creation, the PDP's first send can outwait its producer's
   * metadata timeout on a busy broker.
   */
  static void createTopic(String bootstrap, String topic) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static OpaProcess bundledOpa() {
    try {
      Path work = tempDirectory();
      policyCopy = work.resolve("policies");
      bundle = work.resolve("bundle.tar.gz");
      wasmBundle = work.resolve("bundle-wasm.tar.gz");
      Path source = Processes.root().resolve("policies-rego");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.copy(file, policyCopy.resolve(source.relativize(file).toString()));
        }
      }
      rebuildBundle("rev-1");
      return OpaProcess.onBundle(bundle);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("mcp-authz-policies");
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
