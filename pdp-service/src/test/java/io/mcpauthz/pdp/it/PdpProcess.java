package io.mcpauthz.pdp.it;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The packaged pdp-service, run as its own process (one replica), as in production. */
public final class PdpProcess {

  public static final String SPOOL_DIRECTORY = "mcp-authz.events.spool.directory";

  private final int grpcPort = Processes.freePort();
  private final int httpPort = Processes.freePort();
  private Process process;
  private volatile ManagedChannel channel;

  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** @param settings system properties on top of the test identity provider's */
  public void start(Map<String, String> settings) {
    Path jar = Processes.root().resolve("pdp-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("no " + jar + ": integration tests run after the package phase (mvn verify)");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-Dquarkus.http.port=" + httpPort,
        "-Dquarkus.grpc.server.port=" + grpcPort,
        "-Dmp.jwt.verify.publickey.location=" + TestKeys.publicKeyFile(),
        "-Dmp.jwt.verify.issuer=" + TestKeys.ISSUER,
        "-Dmp.jwt.verify.audiences=" + TestKeys.audiences(),
        // The packaged jar runs without the %test profile: the same slack for a loaded machine.
        "-Dmcp-authz.decision.budget=10s",
        "-Dmcp-authz.opa.timeout=3s",
        "-Dquarkus.rest-client.opa.read-timeout=5000"));
    for (String server : TestKeys.SERVERS) { // tokens bound to their server, as in RealStackResource
      command.add("-Dmcp-authz.resources.\"" + server + "\".resource=" + TestKeys.resource(server));
      command.add("-Dmcp-authz.resources.\"" + server + "\".authorization-servers=" + TestKeys.ISSUER);
    }
    if (!settings.containsKey(SPOOL_DIRECTORY)) { // one spool directory per process: it is locked
      command.add("-D" + SPOOL_DIRECTORY + "=" + Processes.tempDirectory("mcp-authz-spool"));
    }
    settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(List.of("-jar", jar.toString()));
    process = Processes.start("pdp-service", command);
    Processes.awaitHealthy(httpUrl() + "/q/health/ready", Duration.ofSeconds(90), process);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  public CheckResponse check(EnvoyCheck check) {
    return AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).check(check.build());
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  public void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    Processes.stop(process);
  }

  /** SIGKILL: no shutdown hook runs. */
  public void kill() {
    process.destroyForcibly();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
    channel.shutdownNow();
  }
}
