package io.mcpauthz.pep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.mcpauthz.pep.deploy.IstioResources.Resource;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Istio resources under {@code deploy/istio/}. Istio's CRDs have no Java protos here, so this
 * checks structure and the fields mcp-authz relies on (unknown keys included, where it matters);
 * the Envoy fragment inside the EnvoyFilter is parsed strictly with Envoy's own protos.
 */
class IstioConfigTest {

  private static final Set<String> GRPC_PROVIDER_KEYS =
      Set.of("service", "port", "timeout", "failOpen", "statusOnError", "includeRequestBodyInCheck");
  private static final Set<String> BODY_KEYS = Set.of("maxRequestBytes", "allowPartialMessage", "packAsBytes");
  private static final Set<String> POLICY_SPEC_KEYS =
      Set.of("selector", "targetRef", "targetRefs", "action", "provider", "rules");
  /** A sidecar's default per-connection buffer; above it Istio/Envoy answer 413 before the PDP. */
  private static final int SIDECAR_BUFFER_LIMIT = 1024 * 1024;

  private static List<JsonNode> grpcProviders() {
    return IstioResources.extensionProviders().stream().filter(p -> p.has("envoyExtAuthzGrpc")).toList();
  }

  @Test
  void shouldGiveEveryResourceAKindANameAndANamespace() {
    assertThat(IstioResources.all()).isNotEmpty().allSatisfy(r -> {
      assertThat(r.doc().path("apiVersion").asText()).as(r + " apiVersion").isNotBlank();
      assertThat(r.kind()).as(r + " kind").isNotBlank();
      assertThat(r.name()).as(r + " name").isNotBlank();
      if (!r.kind().equals("Namespace")) {
        assertThat(r.namespace()).as(r + " namespace").isNotBlank();
      }
    });
  }

  @Test
  void shouldDenyWhenThePdpCannotAnswer() {
    assertThat(grpcProviders()).isNotEmpty().allSatisfy(provider -> {
      JsonNode grpc = provider.path("envoyExtAuthzGrpc");
      assertThat(IstioResources.keys(grpc)).as("envoyExtAuthzGrpc keys").isSubsetOf(GRPC_PROVIDER_KEYS);
      assertThat(grpc.has("failOpen")).as("failOpen stated").isTrue();
      assertThat(grpc.path("failOpen").asBoolean(true)).as("failOpen").isFalse();
      assertThat(grpc.path("timeout").asText()).as("timeout (Istio's default is 600s)").isNotBlank();
      assertThat(grpc.path("statusOnError").asInt()).as("statusOnError").isBetween(500, 599);
    });
  }

  @Test
  void shouldSendTheBodyToThePdp() {
    assertThat(grpcProviders()).isNotEmpty().allSatisfy(provider -> {
      JsonNode body = provider.path("envoyExtAuthzGrpc").path("includeRequestBodyInCheck");
      assertThat(body.isObject()).as("includeRequestBodyInCheck").isTrue();
      assertThat(IstioResources.keys(body)).as("includeRequestBodyInCheck keys").isSubsetOf(BODY_KEYS);
      assertThat(body.path("maxRequestBytes").asInt()).isPositive().isLessThanOrEqualTo(SIDECAR_BUFFER_LIMIT);
      assertThat(body.path("allowPartialMessage").asBoolean()).as("allowPartialMessage").isTrue();
      assertThat(body.path("packAsBytes").asBoolean()).as("packAsBytes").isTrue();
    });
  }

  @Test
  void shouldPointTheProviderAtThePdpGrpcPort() {
    List<Resource> services = IstioResources.ofKind("Service");
    assertThat(grpcProviders()).isNotEmpty().allSatisfy(provider -> {
      JsonNode grpc = provider.path("envoyExtAuthzGrpc");
      Resource service = services.stream()
          .filter(s -> grpc.path("service").asText().equals(s.name() + "." + s.namespace() + ".svc.cluster.local"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no Service for " + grpc.path("service")));
      assertThat(service.spec().path("ports")).as(service + " ports")
          .anySatisfy(port -> {
            assertThat(port.path("port").asInt()).isEqualTo(grpc.path("port").asInt());
            assertThat(port.path("appProtocol").asText()).as("HTTP/2 for gRPC").isEqualTo("grpc");
          });
    });
  }

  @Test
  void shouldServeEveryServiceFromTheWorkloadOfItsName() {
    for (Resource service : IstioResources.ofKind("Service")) {
      Resource deployment = Stream.concat(IstioResources.ofKind("StatefulSet").stream(),
              IstioResources.ofKind("Deployment").stream())
          .filter(d -> d.namespace().equals(service.namespace()) && d.name().equals(service.name()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no StatefulSet or Deployment for " + service));
      JsonNode podLabels = deployment.spec().path("template").path("metadata").path("labels");
      service.spec().path("selector").fields().forEachRemaining(label ->
          assertThat(podLabels.path(label.getKey()).asText()).as(service + " selector " + label.getKey())
              .isEqualTo(label.getValue().asText()));
      List<String> containerPorts = deployment.spec().path("template").path("spec").path("containers")
          .findValues("ports").stream()
          .flatMap(ports -> StreamSupport.stream(ports.spliterator(), false))
          .map(p -> p.path("name").asText())
          .toList();
      service.spec().path("ports").forEach(port ->
          assertThat(containerPorts).as(service + " targetPort").contains(port.path("targetPort").asText()));
    }
  }

  @Test
  void shouldJudgeMcpPathsWithADeclaredProvider() {
    List<String> names = IstioResources.extensionProviders().stream().map(p -> p.path("name").asText()).toList();
    assertThat(IstioResources.authorizationPolicies("CUSTOM")).isNotEmpty().allSatisfy(policy -> {
      JsonNode spec = policy.path("spec");
      assertThat(IstioResources.keys(spec)).as("AuthorizationPolicy spec keys").isSubsetOf(POLICY_SPEC_KEYS);
      assertThat(names).as("provider.name").contains(spec.path("provider").path("name").asText());
      assertThat(spec.path("selector").path("matchLabels").isEmpty()).as("selects a workload").isFalse();
      assertThat(IstioResources.paths(policy)).as("judged paths").contains("/mcp");
    });
  }

  @Test
  void shouldAllowOnlyPathsThePdpJudges() {
    for (JsonNode custom : IstioResources.authorizationPolicies("CUSTOM")) {
      Set<String> judged = IstioResources.paths(custom);
      List<JsonNode> allows = IstioResources.authorizationPolicies("ALLOW").stream()
          .filter(allow -> IstioResources.appliesTo(allow, custom))
          .toList();

      assertThat(allows).as("an ALLOW policy closes the workload's other paths").isNotEmpty();
      for (JsonNode allow : allows) {
        for (JsonNode rule : allow.path("spec").path("rules")) {
          assertThat(IstioResources.rulePaths(rule))
              .as("paths of an ALLOW rule (none = any path) must all be judged by the PDP")
              .isNotEmpty()
              .isSubsetOf(judged);
        }
      }
    }
  }

  @Test
  void shouldNameTheMcpServerOfEveryJudgedWorkload() throws IOException {
    for (JsonNode custom : IstioResources.authorizationPolicies("CUSTOM")) {
      JsonNode labels = custom.path("spec").path("selector").path("matchLabels");
      Resource filter = IstioResources.ofKind("EnvoyFilter").stream()
          .filter(f -> f.spec().path("workloadSelector").path("labels").equals(labels))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no EnvoyFilter setting mcp_server for " + labels));
      JsonNode patch = filter.spec().path("configPatches").get(0);
      assertThat(patch.path("applyTo").asText()).isEqualTo("VIRTUAL_HOST");
      assertThat(patch.path("match").path("context").asText()).isEqualTo("SIDECAR_INBOUND");

      String value = patch.path("patch").path("value").toString();
      VirtualHost vhost = EnvoyBootstrap.parse(value, VirtualHost.newBuilder()).build();
      Any perRoute = vhost.getTypedPerFilterConfigOrThrow(EnvoyBootstrap.EXT_AUTHZ);
      assertThat(EnvoyBootstrap.unpack(perRoute, ExtAuthzPerRoute.class).getCheckSettings().getContextExtensionsMap())
          .as(filter + " context_extensions")
          .hasEntrySatisfying("mcp_server", server -> assertThat(server).isNotBlank());
    }
  }
}
