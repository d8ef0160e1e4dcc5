package io.mcpauthz.pdp.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}; {@code ./mcp-authz test}
 * installs it when missing) on a free port, without persistence, stoppable mid-test.
 */
public final class RedisProcess {

  private final int port = Processes.freePort();
  private Process process;

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized void start() {
    if (!Files.isExecutable(Path.of("/usr/bin/redis-server")) && !onPath()) {
      throw new IllegalStateException("redis-server is not installed: run the tests with ./mcp-authz test, "
          + "which installs the Debian package redis-server");
    }
    process = Processes.start("redis", List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(this::answers);
  }

  public synchronized void stop() {
    Processes.stop(process);
  }

  /** One redis-cli command against this server; its output, trimmed. */
  public String cli(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    try {
      Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      cli.waitFor();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean answers() {
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server exited with " + process.exitValue());
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean onPath() {
    try {
      return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
