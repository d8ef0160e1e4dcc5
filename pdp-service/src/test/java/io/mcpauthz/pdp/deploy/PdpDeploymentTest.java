package io.mcpauthz.pdp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mcpauthz.pdp.policy.wasm.BundleServerConfig;
import io.mcpauthz.pdp.upstream.UpstreamConfig;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The PDP container of {@code deploy/istio/pdp-deployment.yaml} against the PDP itself: every
 * environment variable names a setting the PDP has, the signing key is a JWK Set file the pod
 * can read (a PEM there made startup fail), the policy runs in process with its bundle server's
 * token from a Secret, OPA joins the pod only with the REST engine's patch, and the JVM gets the
 * memory options the local launcher gives the PDP.
 */
class PdpDeploymentTest {

  private static final Path ROOT = Path.of(System.getProperty("mcp-authz.root", ".."));
  private static final Path DEPLOYMENT = ROOT.resolve(Path.of("deploy", "istio", "pdp-deployment.yaml"));

  @Test
  void shouldSetOnlySettingsThePdpHas() throws Exception {
    Set<String> known = knownSettings();

    assertThat(pdpContainer().path("env")).isNotEmpty().allSatisfy(env ->
        assertThat(known).as("a PDP setting named by env " + env.path("name").asText())
            .contains(env.path("name").asText()));
  }

  @Test
  void shouldMountTheSigningKeyAsAJwkSetFromTheSecret() throws Exception {
    String location = env(envName(UpstreamConfig.class, "signingKeyLocation"));
    assertThat(location).as("signing key location").endsWith(".json");

    assertMountedFromASecretItem(location);
  }

  @Test
  void shouldJudgeInProcessWithBundlesPolledWithATokenFromASecret() throws Exception {
    assertThat(env("MCP_AUTHZ_POLICY_ENGINE")).isEqualTo("wasm");
    assertThat(env(envName(BundleServerConfig.class, "url"))).startsWith("https://");
    assertThat(podSpec().path("containers")).as("no OPA sidecar beside the Wasm engine")
        .noneSatisfy(c -> assertThat(c.path("name").asText()).isEqualTo("opa"));

    assertMountedFromASecretItem(env(envName(BundleServerConfig.class, "tokenPath")));
  }

  @Test
  void shouldAddOpaOnlyWithTheRestEngine() throws Exception {
    JsonNode patch = workload(DEPLOYMENT.resolveSibling("rest-engine/opa-sidecar.patch.yaml"));
    JsonNode containers = patch.path("spec").path("template").path("spec").path("containers");

    assertThat(containers).anySatisfy(c -> assertThat(c.path("name").asText()).isEqualTo("opa"));
    assertThat(containers).anySatisfy(c -> {
      assertThat(c.path("name").asText()).isEqualTo("pdp");
      assertThat(c.path("env").toString()).contains("{\"name\":\"MCP_AUTHZ_POLICY_ENGINE\",\"value\":\"rest\"}");
    });
  }

  /** {@code location} is a file of a read-only volume from a Secret that names that file as an item. */
  private static void assertMountedFromASecretItem(String location) throws IOException {
    JsonNode mount = StreamSupport.stream(pdpContainer().path("volumeMounts").spliterator(), false)
        .filter(m -> location.startsWith(m.path("mountPath").asText() + "/"))
        .findFirst().orElseThrow(() -> new AssertionError("no volume mounted at " + location));
    assertThat(mount.path("readOnly").asBoolean()).as("read-only mount").isTrue();
    JsonNode volume = StreamSupport.stream(podSpec().path("volumes").spliterator(), false)
        .filter(v -> v.path("name").equals(mount.path("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no volume " + mount.path("name")));
    String file = location.substring(mount.path("mountPath").asText().length() + 1);
    // Named explicitly: a Secret without this key fails at mount time, not as a PDP that tries to
    // create a key on a read-only file system.
    assertThat(volume.path("secret").path("items")).as("secret items").anySatisfy(item -> {
      assertThat(item.path("path").asText()).isEqualTo(file);
      assertThat(item.path("key").asText()).isEqualTo(file);
    });
  }

  @Test
  void shouldKeepTheSpoolOnAPersistentVolumeClaimOfEachReplica() throws Exception {
    String directory = env("MCP_AUTHZ_EVENTS_SPOOL_DIRECTORY");
    JsonNode mount = StreamSupport.stream(pdpContainer().path("volumeMounts").spliterator(), false)
        .filter(m -> directory.equals(m.path("mountPath").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no volume mounted at " + directory));
    assertThat(mount.path("readOnly").asBoolean()).isFalse();
    assertThat(workload(DEPLOYMENT).path("spec").path("volumeClaimTemplates"))
        .as("an emptyDir would lose the backlog with the pod")
        .anySatisfy(claim -> assertThat(claim.path("metadata").path("name")).isEqualTo(mount.path("name")));
  }

  @Test
  void shouldStartTheJvmWithTheLaunchersMemoryOptions() throws Exception {
    String launcher = Files.readString(ROOT.resolve(Path.of("deploy", "local", "lib.sh")));
    String options = launcherSetting(launcher, "PDP_MEMORY_OPTS=\"([^\"]+)\"");
    Set<String> expected = new HashSet<>(List.of(options.split("\\s+")));
    expected.add(launcherSetting(launcher, "(-XX:TrimNativeHeapInterval=\\d+)")); // where the JDK has it
    assertThat(env("JAVA_OPTS_APPEND").trim().split("\\s+")).as("JAVA_OPTS_APPEND against deploy/local/lib.sh")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(env("MALLOC_ARENA_MAX")).isEqualTo(launcherSetting(launcher, "MALLOC_ARENA_MAX=(\\d+)"));
  }

  private static String launcherSetting(String launcher, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(launcher);
    assertThat(matcher.find()).as(regex + " in deploy/local/lib.sh").isTrue();
    return matcher.group(1);
  }

  @Test
  void shouldListenOnAllPodAddressesForTheSidecar() throws Exception {
    assertThat(env("QUARKUS_GRPC_SERVER_HOST")).isEqualTo("0.0.0.0");
  }

  /** application.properties keys and {@code @ConfigMapping} properties, as environment variable names. */
  private static Set<String> knownSettings() throws IOException, URISyntaxException {
    // Read by the container's JVM launcher and the C library, not by the PDP's configuration.
    Set<String> names = new HashSet<>(Set.of("JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX"));
    Properties properties = new Properties();
    try (InputStream in = PdpDeploymentTest.class.getResourceAsStream("/application.properties")) {
      properties.load(in);
    }
    properties.stringPropertyNames().forEach(key -> names.add(toEnv(key.replaceFirst("^%[^.]+\\.", ""))));
    for (Class<?> mapping : configMappings()) {
      String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
      for (Method method : mapping.getMethods()) {
        if (Modifier.isAbstract(method.getModifiers()) && method.getParameterCount() == 0) {
          names.add(toEnv(prefix + "." + kebab(method.getName())));
        }
      }
    }
    return names;
  }

  private static List<Class<?>> configMappings() throws IOException, URISyntaxException {
    Path classes = Path.of(UpstreamConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> mappings = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        try {
          Class<?> type = Class.forName(name, false, PdpDeploymentTest.class.getClassLoader());
          if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
            mappings.add(type);
          }
        } catch (ClassNotFoundException | LinkageError e) {
          // not loadable on its own (e.g. generated); cannot be a mapping we set
        }
      }
    }
    assertThat(mappings).as("@ConfigMapping interfaces found").isNotEmpty();
    return mappings;
  }

  private static String envName(Class<?> mapping, String method) {
    return toEnv(mapping.getAnnotation(ConfigMapping.class).prefix() + "." + kebab(method));
  }

  /** MicroProfile Config's environment variable form of a property name. */
  private static String toEnv(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static String env(String name) throws IOException {
    return StreamSupport.stream(pdpContainer().path("env").spliterator(), false)
        .filter(e -> e.path("name").asText().equals(name))
        .map(e -> e.path("value").asText())
        .findFirst().orElseThrow(() -> new AssertionError("the PDP container sets no " + name));
  }

  private static JsonNode podSpec() throws IOException {
    return workload(DEPLOYMENT).path("spec").path("template").path("spec");
  }

  /** A StatefulSet: each replica keeps its decision spool on a claim of its own. */
  private static JsonNode workload(Path file) throws IOException {
    try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && "StatefulSet".equals(doc.path("kind").asText())) {
          return doc;
        }
      }
    }
    throw new AssertionError("no StatefulSet in " + file);
  }

  private static JsonNode pdpContainer() throws IOException {
    return StreamSupport.stream(podSpec().path("containers").spliterator(), false)
        .filter(c -> c.path("name").asText().equals("pdp"))
        .findFirst().orElseThrow(() -> new AssertionError("no container named pdp"));
  }
}
