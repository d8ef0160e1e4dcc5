package io.mcpauthz.pdp.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real {@code opa run --server} on the repository's policies; stoppable mid-test. */
public final class OpaProcess {

  private final Path binary;
  private final Path policies;
  private final int port;
  private Process process;

  OpaProcess(Path policies) {
    String configured = System.getProperty("mcp-authz.opa");
    this.binary = configured != null && !configured.isBlank()
        ? Path.of(configured) : Processes.root().resolve(".tools/bin/opa");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("no OPA binary at " + binary + ": run ./mcp-authz test (it builds OPA)");
    }
    this.policies = policies;
    this.port = Processes.freePort();
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public synchronized void start() {
    process = Processes.start("opa", List.of(binary.toString(), "run", "--server", "--watch",
        "--addr", "127.0.0.1:" + port, "--log-level", "error", policies.toString()));
    Processes.awaitHealthy(url() + "/health", Duration.ofSeconds(30), process);
  }

  public synchronized void stop() {
    Processes.stop(process);
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }
}
