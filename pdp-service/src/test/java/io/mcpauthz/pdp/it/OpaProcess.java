package io.mcpauthz.pdp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code opa run --server --watch}, stoppable mid-test, on either the policy directory
 * (as in development) or a bundle built with {@code opa build --revision} (as in production).
 */
public final class OpaProcess {

  private final Path binary = binary();
  private final List<String> source;
  private final int port = Processes.freePort();
  private Path log;
  private Process process;

  private OpaProcess(List<String> source) {
    this.source = source;
  }

  public static OpaProcess onDirectory(Path policies) {
    return new OpaProcess(List.of(policies.toString()));
  }

  /** On the policy directory, printing every decision (input and result) to {@link #log()}. */
  static OpaProcess onDirectoryLoggingDecisions(Path policies) {
    return new OpaProcess(List.of("--log-level", "info", "--set", "decision_logs.console=true", policies.toString()));
  }

  static OpaProcess onBundle(Path bundle) {
    return new OpaProcess(List.of("--bundle", bundle.toString()));
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public synchronized void start() {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "run", "--server", "--watch",
        "--addr", "127.0.0.1:" + port, "--log-level", "error"));
    command.addAll(source);
    try {
      log = Files.createTempFile("mcp-authz-it-opa", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process = Processes.start("opa", command, log);
    Processes.awaitHealthy(url() + "/health?bundles=true", Duration.ofSeconds(30), process);
  }

  /** OPA's output: its errors and, with decision logging on, one JSON line per decision. */
  public Path log() {
    return log;
  }

  public synchronized void stop() {
    Processes.stop(process);
  }

  /** Freezes ({@code SIGSTOP}) or thaws ({@code SIGCONT}) OPA: a server that accepts but never answers. */
  public synchronized void pause(boolean paused) {
    try {
      Process kill = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", String.valueOf(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("could not signal OPA");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code opa build} of a policy directory into a bundle carrying {@code revision}, replaced atomically. */
  public static void buildBundle(Path policies, String revision, Path bundle) {
    build(policies, revision, bundle, List.of());
  }

  /**
   * As {@link #buildBundle}, compiled to Wasm for the in-process engine, with the policy's plan
   * beside the module ({@code plan.json}, what the PDP checks the declared input omissions
   * against), as {@code deploy/local/lib.sh} builds it.
   */
  public static void buildWasmBundle(Path policies, String revision, Path bundle) {
    build(policies, revision, bundle, List.of("-t", "wasm", "-e", "mcp/authz/decision"));
    try {
      byte[] withPlan = WasmBundles.with(Files.readAllBytes(bundle), "plan.json", plan(policies));
      Path partial = bundle.resolveSibling(bundle.getFileName() + ".partial");
      Files.write(partial, withPlan);
      Files.move(partial, bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #buildBundle}, without the plan: a bundle built by plain {@code opa build -t wasm}. */
  public static void buildWasmBundleWithoutPlan(Path policies, String revision, Path bundle) {
    build(policies, revision, bundle, List.of("-t", "wasm", "-e", "mcp/authz/decision"));
  }

  /** The policy's plan, {@code plan.json} of {@code opa build -t plan -e mcp/authz/decision}. */
  public static byte[] plan(Path policies) throws IOException {
    Path bundle = Files.createTempFile("mcp-authz-plan", ".tar.gz");
    try {
      build(policies, "plan", bundle, List.of("-t", "plan", "-e", "mcp/authz/decision"));
      return WasmBundles.entry(Files.readAllBytes(bundle), "plan.json");
    } finally {
      Files.deleteIfExists(bundle);
    }
  }

  private static void build(Path policies, String revision, Path bundle, List<String> target) {
    try {
      Path partial = bundle.resolveSibling(bundle.getFileName() + ".partial");
      List<String> command = new ArrayList<>(List.of(binary().toString(), "build", "--bundle", policies.toString(),
          "--ignore", "*_test.rego", "--ignore", "testdata", "--ignore", ".regal",
          "--revision", revision, "--output", partial.toString()));
      command.addAll(target);
      Process build = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(build.getInputStream().readAllBytes());
      if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
        throw new IllegalStateException("opa build failed: " + output);
      }
      Files.move(partial, bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path binary() {
    String configured = System.getProperty("mcp-authz.opa");
    Path binary = configured != null && !configured.isBlank()
        ? Path.of(configured) : Processes.root().resolve(".tools/bin/opa");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("no OPA binary at " + binary + ": run ./mcp-authz test (it builds OPA)");
    }
    return binary;
  }
}
