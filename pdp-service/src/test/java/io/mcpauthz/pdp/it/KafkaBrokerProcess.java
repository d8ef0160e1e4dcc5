package io.mcpauthz.pdp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

/**
 * A Kafka broker of the test's own (single-node KRaft, as {@code deploy/local/lib.sh}'s
 * start_kafka runs it: same classpath, same template), on its own ports and data directory, so
 * the test can stop and restart it; never the shared broker of {@code MCP_AUTHZ_TEST_KAFKA}.
 */
final class KafkaBrokerProcess {

  private final int port = Processes.freePort();
  private final int controllerPort = Processes.freePort();
  private final Path dir = Processes.tempDirectory("mcp-authz-kafka-it");
  private Process process;

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  synchronized void start() {
    try {
      Path properties = dir.resolve("server.properties");
      if (!Files.exists(properties)) {
        Files.writeString(properties, Files.readString(kafkaDir().resolve("server.properties.template"))
            .replace("@PORT@", String.valueOf(port)).replace("@CONTROLLER_PORT@", String.valueOf(controllerPort))
            .replace("@DATA_DIR@", dir.resolve("data").toString()));
        Process format = Processes.start("kafka-format", java("kafka.tools.StorageTool", "format", "-t", clusterId(),
            "-c", properties.toString()), dir.resolve("format.log"));
        if (format.waitFor() != 0) {
          throw new IllegalStateException("kafka storage format failed, see " + dir.resolve("format.log"));
        }
      }
      process = Processes.start("kafka", java("kafka.Kafka", properties.toString()), dir.resolve("kafka.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(this::listening);
  }

  /** SIGTERM, as an operator stops a broker; the data directory stays for {@link #start}. */
  synchronized void stop() {
    Processes.stop(process);
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new IllegalStateException("kafka exited with " + process.exitValue() + ", see " + dir.resolve("kafka.log"));
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> java(String main, String... args) throws IOException {
    Path classpath = Processes.root().resolve(".tools/kafka/classpath.txt");
    if (!Files.exists(classpath)) {
      throw new IllegalStateException("no " + classpath + ": ./mcp-authz test resolves the Kafka broker classpath");
    }
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms128m", "-Xmx384m",
        "-cp", Files.readString(classpath).trim(),
        "-Dlog4j2.configurationFile=" + kafkaDir().resolve("log4j2.properties"), main));
    command.addAll(List.of(args));
    return command;
  }

  private static Path kafkaDir() {
    return Processes.root().resolve("deploy/local/kafka");
  }

  /** Kafka's own: never starting with "-", which StorageTool would read as an option. */
  private static String clusterId() {
    return Uuid.randomUuid().toString();
  }
}
