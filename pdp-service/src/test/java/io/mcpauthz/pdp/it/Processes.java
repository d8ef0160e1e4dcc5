package io.mcpauthz.pdp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** Starting and stopping the real processes integration tests run against. */
public final class Processes {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private Processes() {}

  /** The repository root: surefire passes it; running from the module directory also works. */
  public static Path root() {
    String root = System.getProperty("mcp-authz.root");
    return root != null && !root.isBlank() ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Process start(String name, List<String> command) {
    try {
      return start(name, command, Files.createTempFile("mcp-authz-it-" + name, ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code command} with its output (stdout and stderr) going to {@code log}. */
  static Process start(String name, List<String> command, Path log) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  static void stop(Process process) {
    if (process != null && process.isAlive()) {
      process.destroy();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
    }
  }

  static void awaitHealthy(String url, Duration timeout, Process process) {
    Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("process for " + url + " exited with " + process.exitValue());
      }
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
  }
}
