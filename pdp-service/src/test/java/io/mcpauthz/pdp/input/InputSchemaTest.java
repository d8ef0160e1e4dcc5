package io.mcpauthz.pdp.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mcpauthz.pdp.analysis.ArgumentAnalysis;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.mcp.McpBodyParser;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pdp.mcp.McpRequestReader;
import io.mcpauthz.pdp.session.CallRecord;
import io.mcpauthz.pdp.session.MemorySessionStore;
import io.mcpauthz.pdp.session.QuarantineRule;
import io.mcpauthz.pdp.session.ScopeKey;
import io.mcpauthz.pdp.session.Scopes;
import io.mcpauthz.pdp.session.SessionStore;
import io.mcpauthz.pdp.session.TestSessionConfig;
import io.mcpauthz.pdp.session.Window;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mcpauthz.pep.port.HttpCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/input.schema.json describes what the PDP really sends to OPA: inputs built by the real
 * {@link InputDocument} from parsed messages of every kind, and the shared policy fixtures,
 * validate; broken inputs do not.
 */
class InputSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = root();
  private static final JsonSchema SCHEMA = schema();
  private static final McpRequestReader READER = new McpRequestReader(new McpBodyParser(1 << 20, 64, 32));
  private static final Subject ALICE = new Subject(true, "alice", "https://issuer.example", "agent-7",
      List.of("dev"), List.of("eng"), List.of("mcp:tools"), List.of("pwd", "mfa"),
      Map.of("iat", 1_795_676_340L, "tenant", "acme", "amr_count", 2));

  /** A request as Envoy sends it, one input per message it carries (bodies: ' for "). */
  static Stream<Arguments> realInputs() {
    return Stream.of(
        inputs("request tools/call", "POST", "2025-06-18",
            "{'jsonrpc':'2.0','id':7,'method':'tools/call','params':{'name':'create_issue','arguments':{'title':'x'}}}"),
        inputs("request tools/call with analysed arguments", "POST", "2025-06-18",
            "{'jsonrpc':'2.0','id':8,'method':'tools/call','params':{'name':'query','arguments':{"
                + "'sql':'SELECT count(*) FROM orders','bad_sql':'SELEC','path':'/srv/data/../x',"
                + "'paths':['/srv/data/a',7],'url':'https://hooks.example.com/a','limit':10,'flags':{'a':true}}}}"),
        inputs("request resources/read of a file URI", "POST", "2025-11-25",
            "{'jsonrpc':'2.0','id':'r-2','method':'resources/read','params':{'uri':'file:///srv/data/a%2fb'}}"),
        inputs("request resources/read", "POST", "2025-11-25",
            "{'jsonrpc':'2.0','id':'r-1','method':'resources/read','params':{'uri':'repo://acme/shop'}}"),
        inputs("request resources/unsubscribe", "POST", "2025-11-25",
            "{'jsonrpc':'2.0','id':2,'method':'resources/unsubscribe','params':{'uri':'repo://acme/shop'}}"),
        inputs("request prompts/get", "POST", "2026-07-28",
            "{'jsonrpc':'2.0','id':3,'method':'prompts/get','params':{'name':'summarise_issue'}}"),
        inputs("request initialize, anonymous", "POST", null,
            "{'jsonrpc':'2.0','id':1,'method':'initialize','params':{'protocolVersion':'2025-06-18'}}"),
        inputs("notification", "POST", "2025-06-18", "{'jsonrpc':'2.0','method':'notifications/initialized'}"),
        inputs("response result", "POST", "2025-06-18", "{'jsonrpc':'2.0','id':'srv-1','result':{'model':'m'}}"),
        inputs("response error", "POST", "2025-06-18", "{'jsonrpc':'2.0','id':4,'error':{'code':-1,'message':'no'}}"),
        inputs("stream", "GET", "2025-06-18", ""),
        inputs("session-end", "DELETE", "2025-06-18", ""),
        inputs("batch members", "POST", "2025-03-26", "[{'jsonrpc':'2.0','id':1,'method':'ping'},"
            + "{'jsonrpc':'2.0','method':'notifications/cancelled','params':{'requestId':1}},"
            + "{'jsonrpc':'2.0','id':'srv-2','result':{}}]"));
  }

  @ParameterizedTest
  @MethodSource("realInputs")
  void shouldDescribeEveryInputThePdpBuilds(List<ObjectNode> inputs) {
    inputs.forEach(input -> assertThat(errors(input)).as(input.toString()).isEmpty());
  }

  @Test
  void shouldCoverEveryMessageKindTheSchemaNames() {
    Set<String> built = realInputs().flatMap(a -> inputsOf(a).stream()).map(i -> i.path("mcp").path("kind").asText())
        .collect(Collectors.toSet());
    Set<String> documented = new HashSet<>();
    SCHEMA.getSchemaNode().at("/$defs/mcp/properties/kind/enum").forEach(kind -> documented.add(kind.asText()));

    assertThat(built).isEqualTo(documented).hasSize(McpMessage.class.getPermittedSubclasses().length);
  }

  /** input.session, input.run and input.principal as the real store shows them, after calls of both outcomes. */
  @Test
  void shouldDescribeTheRememberedStateThePdpAttaches() {
    SessionStore store = new MemorySessionStore(TestSessionConfig.DEFAULTS,
        List.of(Window.parse("1m"), Window.parse("total")), new SimpleMeterRegistry());
    ScopeKey session = new ScopeKey(ScopeKey.SESSION, "s-key", "jti");
    ScopeKey run = new ScopeKey(ScopeKey.RUN, "r-key", "sid");
    ScopeKey principal = new ScopeKey(ScopeKey.PRINCIPAL, "p-key", "principal");
    Scopes scopes = new Scopes(session, run, principal);
    long now = System.currentTimeMillis();
    store.commitAllow(scopes, new CallRecord("d-1", now, "email/read_message", "read", true,
        List.of("private_data"), List.of("all", "class:read"), false), List.of()).await().indefinitely();
    store.recordDeny(scopes, new CallRecord("d-2", now, "github/delete_repo", "admin", false, List.of(), List.of(), true),
        List.of(new QuarantineRule(ScopeKey.SESSION, 1, Window.parse("1m"), 60_000))).await().indefinitely();
    ObjectNode input = inputsOf(realInputs().findFirst().orElseThrow()).get(0).deepCopy();
    input.set("session", store.view(session, now).await().indefinitely());
    input.set("run", store.view(run, now).await().indefinitely());
    input.set("principal", store.view(principal, now).await().indefinitely());

    assertThat(input.path("session").path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(errors(input)).as(input.toString()).isEmpty();
    assertThat(input.path("run").path("labels").has("private_data")).isTrue();
    input.with("session").put("labels", "private_data");
    assertThat(errors(input)).isNotEmpty();
    input.with("session").remove("labels");
    input.with("run").put("labels", "private_data");
    assertThat(errors(input)).isNotEmpty();
  }

  static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("policies-rego/testdata"))) {
      List<Path> inputs = files.map(dir -> dir.resolve("input.json")).filter(Files::exists).sorted().toList();
      assertThat(inputs).isNotEmpty();
      return inputs.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void shouldDescribeTheSharedPolicyFixtures(Path fixture) throws IOException {
    assertThat(errors(JSON.readTree(fixture.toFile()))).as(fixture.toString()).isEmpty();
  }

  /** The fixtures carry exactly the analysis the PDP sends with their arguments (docs/security.md). */
  @ParameterizedTest
  @MethodSource("fixtures")
  void shouldCarryTheAnalysisThePdpComputes(Path fixture) throws IOException {
    JsonNode mcp = JSON.readTree(fixture.toFile()).path("mcp");
    for (String item : List.of("tool", "prompt")) {
      if (mcp.has(item)) {
        assertThat(mcp.path(item).path("analysis")).as(fixture + " " + item)
            .isEqualTo(ArgumentAnalysis.ofArguments(mcp.path(item).path("arguments")));
      }
    }
    if (mcp.has("resource")) {
      assertThat(mcp.path("resource").path("analysis")).as(fixture.toString())
          .isEqualTo(ArgumentAnalysis.ofResourceUri(mcp.path("resource").path("uri").asText()));
    }
  }

  /** docs/input.md's examples: whole documents, or one part ({@code "mcp": …}) put into the first. */
  static Stream<Arguments> documentedExamples() throws IOException {
    String page = Files.readString(ROOT.resolve("docs/input.md"));
    List<String> blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(page).results()
        .map(m -> m.group(1).trim()).toList();
    ObjectNode whole = (ObjectNode) JSON.readTree(blocks.get(0));
    return blocks.stream().map(block -> {
      try {
        ObjectNode example = block.startsWith("{") ? (ObjectNode) JSON.readTree(block) : whole.deepCopy();
        if (!block.startsWith("{")) {
          example.setAll((ObjectNode) JSON.readTree("{" + block + "}"));
        }
        return Arguments.of(Named.of(block.substring(0, Math.min(40, block.length())), example));
      } catch (IOException e) {
        throw new UncheckedIOException("docs/input.md example is not JSON: " + block, e);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("documentedExamples")
  void shouldDescribeTheDocumentedExamples(ObjectNode example) {
    assertThat(errors(example)).as(example.toString()).isEmpty();
  }

  static Stream<Arguments> brokenInputs() {
    return Stream.of(
        broken("unknown version", i -> i.put("version", 2)),
        broken("client token in headers", i -> i.with("request").withObject("headers").put("authorization", "Bearer x")),
        broken("upper-case header name", i -> i.with("request").withObject("headers").put("Origin", "https://a")),
        broken("unknown kind", i -> i.with("mcp").put("kind", "batch")),
        broken("tools/call without its tool", i -> i.with("mcp").remove("tool")),
        broken("request without an id", i -> i.with("mcp").putNull("id")),
        broken("role that is not a string", i -> i.with("subject").withArray("roles").add(7)),
        broken("anonymous subject with roles", i -> i.with("subject").put("authenticated", false)),
        broken("undocumented field", i -> i.put("tenant", "acme")),
        broken("undocumented session field", i -> i.with("session").put("history", "all")),
        broken("label without its decision", i -> i.with("principal").withObject("labels").putObject("pii")),
        broken("string analysed without its SQL reading",
            i -> i.with("mcp").with("tool").with("analysis").with("title").remove("sql")),
        broken("SQL parsed without its functions",
            i -> i.with("mcp").with("tool").with("analysis").with("title").putObject("sql").put("parsed", true)));
  }

  @ParameterizedTest
  @MethodSource("brokenInputs")
  void shouldRejectABrokenInput(Consumer<ObjectNode> breakIt) {
    ObjectNode input = inputsOf(realInputs().findFirst().orElseThrow()).get(0).deepCopy();
    assertThat(errors(input)).as("the unbroken input").isEmpty();

    breakIt.accept(input);

    assertThat(errors(input)).as(input.toString()).isNotEmpty();
  }

  private static Arguments inputs(String name, String method, String version, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json", "mcp-session-id", "s-1",
        "user-agent", "agent/1.0", "last-event-id", "ev-1"));
    if (version != null) {
      headers.put("mcp-protocol-version", version);
    }
    HttpCheck check = new HttpCheck("req-1", Instant.now(), method, "/mcp", "mcp.example.com", "https", "HTTP/2",
        headers, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8), false,
        new HttpCheck.Peer("10.1.2.3", 50123, ""), Map.of());
    Subject subject = name.contains("initialize") ? Subject.ANONYMOUS : ALICE;
    return Arguments.of(Named.of(name, READER.read(check).stream()
        .map(message -> InputDocument.build(check, "github", subject, message)).toList()));
  }

  @SuppressWarnings("unchecked")
  private static List<ObjectNode> inputsOf(Arguments arguments) {
    return ((Named<List<ObjectNode>>) arguments.get()[0]).getPayload();
  }

  private static Arguments broken(String name, Consumer<ObjectNode> breakIt) {
    return Arguments.of(Named.of(name, breakIt));
  }

  private static Set<ValidationMessage> errors(JsonNode input) {
    return SCHEMA.validate(input);
  }

  private static JsonSchema schema() {
    try {
      JsonNode schema = JSON.readTree(ROOT.resolve("docs/input.schema.json").toFile());
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository root: surefire passes it; running from the module directory also works. */
  private static Path root() {
    String root = System.getProperty("mcp-authz.root");
    return root != null && !root.isBlank() ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }
}
