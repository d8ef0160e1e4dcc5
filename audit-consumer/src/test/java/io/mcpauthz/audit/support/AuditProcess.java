package io.mcpauthz.audit.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The packaged audit-consumer as a child process, launched like the local launcher does (own
 * port, DuckDB file in {@code dir}, fresh issuer key, group named after the topic, so a second
 * process on the same dir and topic resumes the first one's work), with what the benchmark and
 * the fault tests read from it: readiness, the indexed counter, the stored count through the
 * API, and its CPU time from /proc.
 */
public final class AuditProcess implements AutoCloseable {

  private static final String ISSUER = "https://bench-issuer.mcp-authz.local";
  private static final Pattern INDEXED =
      Pattern.compile("(?m)^mcp_authz_audit_events_indexed_total(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");
  private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Process process;
  private final String base;
  private final String token;

  public AuditProcess(Path jar, Path dir, String bootstrap, String topic, List<String> jvmArgs) throws Exception {
    this("java", jar, dir, bootstrap, topic, jvmArgs);
  }

  /** As above, run by the given {@code java} executable (the benchmark compares JDKs). */
  public AuditProcess(String java, Path jar, Path dir, String bootstrap, String topic, List<String> jvmArgs)
      throws Exception {
    KeyPair keys = Keys.generate();
    Path publicPem = Keys.writePublic(keys, dir.resolve("issuer-public.pem"));
    this.token = token(keys);
    int port = freePort();
    this.base = "http://127.0.0.1:" + port;
    List<String> command = new ArrayList<>(List.of(java,
        "-Dquarkus.http.port=" + port,
        "-Dkafka.bootstrap.servers=" + bootstrap,
        "-Dmcp-authz.audit.topic=" + topic,
        "-Dmcp-authz.audit.dlq-topic=" + topic + ".dlq",
        "-Dmcp-authz.audit.group=bench-" + topic,
        "-Dmcp-authz.audit.database=" + dir.resolve("decisions.duckdb"),
        "-Dmp.jwt.verify.publickey.location=" + publicPem,
        "-Dmp.jwt.verify.issuer=" + ISSUER,
        "-Dmp.jwt.verify.audiences=" + AuditTestResource.AUDIENCE));
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", jar.toString()));
    this.process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("audit-consumer.log").toFile())).start();
  }

  public long pid() {
    return process.pid();
  }

  /** For the benchmark, which runs without the test libraries (tests use {@link #ready()} with Awaitility). */
  public void awaitReady(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (ready()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("audit-consumer not ready within " + timeout);
  }

  /**
   * An await for this process's probes ({@link #indexed}, {@link #stored}): a probe that times
   * out on a loaded host is "not yet", and the await's own deadline decides.
   */
  public static ConditionFactory polls() {
    return Awaitility.await().ignoreExceptionsInstanceOf(HttpTimeoutException.class);
  }

  /** Readiness: the store answers and the consumer has its partitions; throws if the process died. */
  public boolean ready() throws InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("audit-consumer exited with " + process.exitValue());
    }
    try {
      return get("/q/health/ready", false).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, no flush, no commit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** {@code mcp_authz_audit_events_indexed_total}: events stored for the first time. */
  public long indexed() throws Exception {
    Matcher m = INDEXED.matcher(get("/q/metrics", false).body());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  /** The Prometheus text on /q/metrics (read samples with {@link Metrics#value(String, String, String)}). */
  public String metrics() throws IOException, InterruptedException {
    return get("/q/metrics", false).body();
  }

  /** Rows in the store, summed from {@code GET /api/v1/stats} (auditor token). */
  public long stored() throws Exception {
    HttpResponse<String> response = get("/api/v1/stats?group_by=decision&bucket=7d", true);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("stats answered " + response.statusCode() + ": " + response.body());
    }
    long total = 0;
    Matcher m = COUNT.matcher(response.body());
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  /** User + system CPU time of the whole process (all threads), in clock ticks (usually 10 ms). */
  public long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
  }

  /** CPU ticks per thread name (threads of one name pooled, e.g. DuckDB's workers), from /proc. */
  public Map<String, Long> threadTicks() throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+$", "#");
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  private HttpResponse<String> get(String path, boolean authorized) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (authorized) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(KeyPair keys) throws GeneralSecurityException {
    long now = Instant.now().getEpochSecond();
    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AuditTestResource.AUDIENCE + "\",\"sub\":\"bench\",\"iat\":" + now
        + ",\"exp\":" + (now + 3600) + ",\"roles\":[\"auditor\"]}").getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(keys.getPrivate());
    rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64(rs256.sign());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: Quarkus shuts down, the consumer closes, DuckDB checkpoints
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
