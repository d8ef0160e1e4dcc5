package io.mcpauthz.pep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rule of docs/security.md, "Time budget", on the shipped files: OPA timeout < the PDP's
 * decision budget < every shipped proxy's ext_authz timeout. Otherwise the proxy gives up first
 * and answers its own bare 503 while the audit log may record an allow.
 */
class TimeBudgetRuleTest {

  private static final Pattern DURATION = Pattern.compile("([0-9.]+)(ms|s)");

  @Test
  void shouldKeepTheOpaTimeoutBelowTheDecisionBudget() {
    assertThat(pdpSetting("mcp-authz.opa.timeout")).isLessThan(pdpSetting("mcp-authz.decision.budget"));
  }

  @Test
  void shouldKeepTheDecisionBudgetBelowEveryEnvoyTimeout() throws IOException {
    Duration budget = pdpSetting("mcp-authz.decision.budget");
    for (Path file : DeployFiles.yamlFiles("envoy")) {
      for (EnvoyBootstrap.Hcm hcm : EnvoyBootstrap.connectionManagers(EnvoyBootstrap.parse(DeployFiles.read(file)))) {
        Duration envoy = Duration.ofMillis(Durations.toMillis(hcm.extAuthz().getGrpcService().getTimeout()));
        assertThat(envoy).as(file.getFileName() + " grpc_service.timeout").isGreaterThan(budget);
      }
    }
  }

  @Test
  void shouldKeepTheDecisionBudgetBelowEveryIstioTimeout() {
    Duration budget = pdpSetting("mcp-authz.decision.budget");
    List<String> timeouts = IstioResources.extensionProviders().stream()
        .filter(p -> p.has("envoyExtAuthzGrpc")).map(p -> p.path("envoyExtAuthzGrpc").path("timeout").asText())
        .toList();
    assertThat(timeouts).isNotEmpty().allSatisfy(t -> assertThat(parse(t)).as("Istio timeout").isGreaterThan(budget));
  }

  private static Duration pdpSetting(String key) {
    Properties properties = new Properties();
    Path file = DeployFiles.repoRoot().resolve("pdp-service/src/main/resources/application.properties");
    try {
      properties.load(new StringReader(DeployFiles.read(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String value = properties.getProperty(key);
    assertThat(value).as(key + " in " + file).isNotNull();
    return parse(value);
  }

  /** The forms the shipped files use: {@code 800ms}, {@code 1s}, {@code 0.5s}. */
  private static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.trim());
    assertThat(m.matches()).as("duration " + text).isTrue();
    double amount = Double.parseDouble(m.group(1));
    return Duration.ofNanos((long) (amount * (m.group(2).equals("ms") ? 1e6 : 1e9)));
  }
}
