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
 * Starts the real parts the PDP talks to: the policies (a Wasm bundle, or OPA), the audit-consumer
 * on its own topic, and the test identity provider's key. The Kafka broker is started by
 * {@code ./mcp-authz test} and named in {@code MCP_AUTHZ_TEST_KAFKA}.
 *
 * <p>The PDP's engine is the init argument {@code engine}, else the system property
 * {@code mcp-authz.test.engine}, else {@code wasm}, as shipped. OPA runs only for the {@code rest}
 * engine; with {@code wasm} the PDP is pointed at a closed port, so nothing can quietly ask OPA.
 *
 * <p>With the init argument {@code policies=bundle}, the policies are bundles built from a
 * private copy of policies-rego, which a test may edit and rebuild ({@link #policyCopy()}): OPA
 * watches the REST bundle, the PDP's Wasm engine the Wasm bundle beside it. With
 * {@code policies=bundle-server} the Wasm bundle is instead served by a {@link BundleServer} the
 * PDP polls. With {@code policies=none} (Wasm) there is no bundle at all. With
 * {@code decision-log=true}, OPA prints every decision it makes ({@link OpaProcess#log()}).
 */
public class RealStackResource implements QuarkusTestResourceLifecycleManager {

  /**
   * {@code bundle}: watched bundles of a copy of policies-rego; {@code bundle-server}: its Wasm
   * bundle from a bundle server; {@code none}: no bundle; {@code test:<name>}:
   * src/test/resources/policies/<name>.
   */
  public static final String POLICIES = "policies";
  public static final String ENGINE = "engine";
  public static final String DECISION_LOG = "decision-log";

  private static OpaProcess opa;
  private static AuditConsumerProcess audit;
  private static Path policyCopy;
  private static Path bundle;
  private static Path wasmBundle;
  private static BundleServer bundleServer;
  private static boolean policyHasRevision;
  private String policies;
  private boolean bundleMode;
  private String testPolicies;
  private String engine;
  private boolean decisionLog;

  @Override
  public void init(Map<String, String> args) {
    policies = args.getOrDefault(POLICIES, "");
    bundleMode = policies.startsWith("bundle");
    testPolicies = policies.startsWith("test:") ? policies.substring("test:".length()) : null;
    engine = args.getOrDefault(ENGINE, System.getProperty("mcp-authz.test.engine", "wasm"));
    decisionLog = "true".equals(args.get(DECISION_LOG));
  }

  /** The editable copy of policies-rego behind the bundle (bundle mode only). */
  public static Path policyCopy() {
    return policyCopy;
  }

  /**
   * Rebuilds the bundles (REST and Wasm) from {@link #policyCopy()} with a new revision; the bundle
   * server, when there is one, serves the new Wasm bundle with a new ETag.
   */
  public static void rebuildBundle(String revision) {
    OpaProcess.buildBundle(policyCopy, revision, bundle);
    OpaProcess.buildWasmBundle(policyCopy, revision, wasmBundle);
    if (bundleServer != null) {
      publishWasmBundle(revision);
    }
  }

  private static void publishWasmBundle(String revision) {
    try {
      bundleServer.publish(Files.readAllBytes(wasmBundle), "\"" + revision + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The OPA process; only with the {@code rest} engine. */
  public static OpaProcess opa() {
    return opa;
  }

  /**
   * Whether policy answers carry a revision: always from a bundle; not from OPA on a policy
   * directory, which has none.
   */
  public static boolean policyHasRevision() {
    return policyHasRevision;
  }

  /** The bundle server the PDP polls; only with {@code policies=bundle-server}. */
  public static BundleServer bundleServer() {
    return bundleServer;
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
    Path source = testPolicies != null
        ? Processes.root().resolve("pdp-service/src/test/resources/policies").resolve(testPolicies)
        : Processes.root().resolve("policies-rego");
    boolean rest = "rest".equals(engine);
    policyHasRevision = !rest || bundleMode;
    if (bundleMode) {
      copyPolicies();
    } else {
      wasmBundle = tempDirectory().resolve("bundle-wasm.tar.gz");
      if (!rest && !"none".equals(policies)) {
        OpaProcess.buildWasmBundle(source, "dev", wasmBundle);
      }
    }
    if (rest) {
      opa = bundleMode ? OpaProcess.onBundle(bundle)
          : decisionLog ? OpaProcess.onDirectoryLoggingDecisions(source) : OpaProcess.onDirectory(source);
      opa.start();
    }
    audit = new AuditConsumerProcess();
    audit.start(bootstrap, topic);
    Map<String, String> config = new HashMap<>(Map.of(
        "mcp-authz.opa.url", rest ? opa.url() : "http://127.0.0.1:1",
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
    if ("bundle-server".equals(policies)) {
      bundleServer = new BundleServer().start();
      publishWasmBundle("rev-1");
      config.put("mcp-authz.policy.wasm.bundle-server.url", bundleServer.url().toString());
      config.put("mcp-authz.policy.wasm.bundle-server.min-delay", "200ms");
      config.put("mcp-authz.policy.wasm.bundle-server.max-delay", "400ms");
    }
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

  private static void copyPolicies() {
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
      opa = null;
    }
    if (bundleServer != null) {
      bundleServer.stop();
      bundleServer = null;
    }
  }
}
