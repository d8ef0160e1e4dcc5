package io.mcpauthz.pdp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The packaged audit-consumer, run as its own process, as in production. */
public final class AuditConsumerProcess {

  private final int port = Processes.freePort();
  private Process process;

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  void start(String bootstrap, String topic) {
    Path jar = Processes.root().resolve("audit-consumer/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("no " + jar + ": build the reactor (audit-consumer is packaged before pdp-service)");
    }
    Path database;
    try {
      database = Files.createTempDirectory("mcp-authz-audit-it").resolve("decisions.duckdb");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process = Processes.start("audit-consumer", List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-Dquarkus.http.port=" + port,
        "-Dkafka.bootstrap.servers=" + bootstrap,
        "-Dmcp-authz.audit.topic=" + topic,
        // A group of its own: test runs sharing a broker must not rebalance each other.
        "-Dmcp-authz.audit.group=audit-" + topic,
        "-Dmcp-authz.audit.database=" + database,
        "-Dmp.jwt.verify.publickey.location=" + TestKeys.publicKeyFile(),
        "-Dmp.jwt.verify.issuer=" + TestKeys.ISSUER,
        "-Dmp.jwt.verify.audiences=" + TestKeys.AUDIT_AUDIENCE,
        "-jar", jar.toString()));
    Processes.awaitHealthy(url() + "/q/health/ready", Duration.ofSeconds(60), process);
  }

  void stop() {
    Processes.stop(process);
  }
}
