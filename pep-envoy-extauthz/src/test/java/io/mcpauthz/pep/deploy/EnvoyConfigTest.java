package io.mcpauthz.pep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.mcpauthz.pep.deploy.EnvoyBootstrap.Hcm;
import io.mcpauthz.pep.deploy.EnvoyRoutes.RouteView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code deploy/envoy/*.yaml} parses into Envoy's own {@link Bootstrap} proto (so a typo or
 * an unknown field fails here, not at Envoy startup) and keeps the settings mcp-authz relies on.
 */
class EnvoyConfigTest {

  /** Envoy's default per_connection_buffer_limit_bytes. */
  private static final long ENVOY_DEFAULT_BUFFER_LIMIT = 1024 * 1024;

  static List<Path> envoyConfigs() {
    return DeployFiles.yamlFiles("envoy");
  }

  private static Bootstrap load(Path file) throws IOException {
    return EnvoyBootstrap.parse(DeployFiles.read(file));
  }

  @Test
  void shouldShipAtLeastOneEnvoyConfig() {
    assertThat(envoyConfigs()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldParseStrictlyIntoEnvoyBootstrap(Path file) throws IOException {
    Bootstrap bootstrap = load(file);

    assertThat(EnvoyBootstrap.connectionManagers(bootstrap)).as("HTTP connection managers").isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldRunExtAuthzBeforeTheRouter(Path file) throws IOException {
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(load(file))) {
      List<String> names = hcm.config().getHttpFiltersList().stream().map(HttpFilter::getName).toList();

      assertThat(names).contains(EnvoyBootstrap.EXT_AUTHZ);
      assertThat(names).last().isEqualTo("envoy.filters.http.router");
      assertThat(names.indexOf(EnvoyBootstrap.EXT_AUTHZ)).isLessThan(names.indexOf("envoy.filters.http.router"));
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldDenyWhenThePdpCannotAnswer(Path file) throws IOException {
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(load(file))) {
      ExtAuthz authz = hcm.extAuthz();

      assertThat(authz.getFailureModeAllow()).as("failure_mode_allow").isFalse();
      assertThat(authz.hasStatusOnError()).as("status_on_error set").isTrue();
      assertThat(authz.getStatusOnError().getCodeValue()).as("status_on_error").isBetween(500, 599);
      assertThat(authz.getGrpcService().hasTimeout()).as("grpc_service.timeout set").isTrue();
      assertThat(Durations.toMillis(authz.getGrpcService().getTimeout())).as("timeout ms").isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldAskThePdpOverV3GrpcOnHttp2(Path file) throws IOException {
    Bootstrap bootstrap = load(file);
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(bootstrap)) {
      ExtAuthz authz = hcm.extAuthz();
      assertThat(authz.getTransportApiVersion()).isEqualTo(ApiVersion.V3);
      assertThat(authz.hasGrpcService()).as("grpc_service, not http_service").isTrue();

      Cluster pdp = pdpCluster(bootstrap, authz);
      HttpProtocolOptions options = EnvoyBootstrap.unpack(pdp.getTypedExtensionProtocolOptionsOrThrow(
          "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"), HttpProtocolOptions.class);
      assertThat(options.getExplicitHttpConfig().hasHttp2ProtocolOptions()).as("explicit HTTP/2").isTrue();
      assertThat(pdp.getName()).startsWith(EnvoyRoutes.PDP_CLUSTER_PREFIX);
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldAskThePdpOverMutualTls(Path file) throws IOException {
    Bootstrap bootstrap = load(file);
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(bootstrap)) {
      Cluster pdp = pdpCluster(bootstrap, hcm.extAuthz());
      assertThat(pdp.hasTransportSocket()).as(pdp.getName() + ": transport_socket (TLS)").isTrue();
      UpstreamTlsContext tls = EnvoyBootstrap.unpack(pdp.getTransportSocket().getTypedConfig(),
          UpstreamTlsContext.class);
      CommonTlsContext common = tls.getCommonTlsContext();

      assertThat(common.getTlsCertificatesList()).as("a client certificate for the PDP's allow-list")
          .isNotEmpty()
          .allSatisfy(cert -> {
            assertThat(cert.hasCertificateChain()).as("certificate_chain").isTrue();
            assertThat(cert.hasPrivateKey()).as("private_key").isTrue();
          });
      CertificateValidationContext validation = common.getValidationContext();
      assertThat(validation.hasTrustedCa()).as("trusted_ca: the PDP's certificate is verified").isTrue();
      assertThat(validation.getMatchTypedSubjectAltNamesList()).as("the PDP's name is checked").isNotEmpty();
      assertThat(tls.getSni()).as("sni").isNotBlank();
      assertThat(common.getAlpnProtocolsList()).as("ALPN h2 for gRPC").contains("h2");
    }
  }

  private static Cluster pdpCluster(Bootstrap bootstrap, ExtAuthz authz) {
    String clusterName = authz.getGrpcService().getEnvoyGrpc().getClusterName();
    return bootstrap.getStaticResources().getClustersList().stream()
        .filter(c -> c.getName().equals(clusterName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cluster " + clusterName));
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldSendTheBodyWithinTheListenerBufferLimit(Path file) throws IOException {
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(load(file))) {
      ExtAuthz authz = hcm.extAuthz();
      long bufferLimit = hcm.listener().hasPerConnectionBufferLimitBytes()
          ? hcm.listener().getPerConnectionBufferLimitBytes().getValue()
          : ENVOY_DEFAULT_BUFFER_LIMIT;

      assertThat(authz.hasWithRequestBody()).as("with_request_body").isTrue();
      assertThat((long) authz.getWithRequestBody().getMaxRequestBytes())
          .as("max_request_bytes (a larger value makes Envoy answer 413 before the PDP)")
          .isPositive()
          .isLessThanOrEqualTo(bufferLimit);
      assertThat(authz.getClearRouteCache()).as("clear_route_cache").isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldNameTheMcpServerOnEveryRouteThatReachesOne(Path file) throws IOException {
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(load(file))) {
      Map<String, String> serverByCluster = new HashMap<>();
      for (RouteView route : EnvoyRoutes.of(hcm.config())) {
        if (!route.reachesMcpServer()) {
          continue;
        }
        assertThat(route.disabled()).as(route.name() + ": ext_authz disabled").isFalse();
        assertThat(route.mcpServer()).as(route.name() + ": context_extensions.mcp_server").isPresent();
        String server = route.mcpServer().get();
        for (String cluster : route.clusters()) {
          String previous = serverByCluster.putIfAbsent(cluster, server);
          if (previous != null) {
            assertThat(server).as(cluster + " is one MCP server, under one name").isEqualTo(previous);
          }
        }
      }
      assertThat(serverByCluster).as("MCP clusters reached").isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldKeepMcpStreamsOpenPastTheDefaultRouteTimeout(Path file) throws IOException {
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(load(file))) {
      for (RouteView route : EnvoyRoutes.of(hcm.config())) {
        if (route.reachesMcpServer()) {
          RouteAction action = route.route().getRoute();
          assertThat(action.hasTimeout()).as(route.name() + ": timeout set (default 15s cuts SSE)").isTrue();
          assertThat(action.getTimeout().getSeconds()).as(route.name() + ": timeout").isZero();
          assertThat(action.hasIdleTimeout()).as(route.name() + ": idle_timeout set").isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldLogTheDecisionMetadata(Path file) throws IOException {
    for (Hcm hcm : EnvoyBootstrap.connectionManagers(load(file))) {
      String logs = hcm.config().getAccessLogList().stream().map(EnvoyBootstrap::print).reduce("", String::concat);

      for (String key : List.of("decision_id", "decision", "tool")) {
        assertThat(logs).contains("%DYNAMIC_METADATA(envoy.filters.http.ext_authz:" + key + ")%");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("envoyConfigs")
  void shouldKeepTheAdminInterfaceOnLoopback(Path file) throws IOException {
    Bootstrap bootstrap = load(file);
    if (bootstrap.hasAdmin() && bootstrap.getAdmin().hasAddress()) {
      SocketAddress admin = bootstrap.getAdmin().getAddress().getSocketAddress();
      assertThat(admin.getAddress()).isIn("127.0.0.1", "::1", "localhost");
    }
  }

  /** The shipped config, each time with one mistake: Envoy would refuse it, and so must we. */
  static Stream<Arguments> mistakes() {
    String duplicate = "failure_mode_allow: false\n              failure_mode_allow: true";
    return Stream.of(
        // mistake, text in the shipped file, its replacement, what the error must mention
        Arguments.of("misspelled ext_authz field",
            "failure_mode_allow:", "failure_mode_alow:", "failure_mode_alow"),
        Arguments.of("misspelled per-route field",
            "context_extensions:", "context_extension:", "context_extension"),
        Arguments.of("misspelled body field",
            "allow_partial_message:", "allow_partial_messages:", "allow_partial_messages"),
        Arguments.of("misspelled top-level field",
            "static_resources:", "static_resource:", "static_resource"),
        Arguments.of("misspelled route field",
            "idle_timeout: 900s", "idle_timeuot: 900s", "idle_timeuot"),
        Arguments.of("unknown @type",
            "ext_authz.v3.ExtAuthz\n", "ext_authz.v3.ExtAuth\n", "ExtAuth"),
        Arguments.of("unknown enum value",
            "transport_api_version: V3", "transport_api_version: V4", "V4"),
        Arguments.of("wrong value type",
            "max_request_bytes: 1048576", "max_request_bytes: lots", "lots"),
        Arguments.of("bad duration", "timeout: 1s", "timeout: 1000ms", "1000ms"),
        Arguments.of("misspelled TLS field", "trusted_ca:", "trusted_cas:", "trusted_cas"),
        Arguments.of("duplicate key", "failure_mode_allow: false", duplicate, "failure_mode_allow"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void shouldRejectAConfigWithA(String mistake, String original, String replacement, String reported) {
    for (Path file : envoyConfigs()) {
      String yaml = DeployFiles.read(file);
      if (!yaml.contains(original)) {
        continue;
      }
      String broken = yaml.replaceFirst(Pattern.quote(original), Matcher.quoteReplacement(replacement));

      assertThatThrownBy(() -> EnvoyBootstrap.parse(broken))
          .as(file.getFileName() + " with a " + mistake)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(reported);
      return;
    }
    throw new AssertionError("no shipped Envoy config contains '" + original + "' to break");
  }
}
