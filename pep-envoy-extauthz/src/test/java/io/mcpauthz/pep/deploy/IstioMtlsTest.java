package io.mcpauthz.pep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pep.deploy.IstioResources.Resource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Istio side of the PDP's transport security: mesh mTLS only, and only named mesh identities
 * (SPIFFE principals proved by that mTLS) may call its ext_authz port.
 */
class IstioMtlsTest {

  private static final String GRPC_PORT = "9191";

  private static Resource pdpDeployment() {
    return IstioResources.ofKind("StatefulSet").stream().findFirst()
        .orElseThrow(() -> new AssertionError("no PDP StatefulSet"));
  }

  /** Whether a workload selector (or its absence: namespace-wide) selects the PDP's pods. */
  private static boolean selectsPdp(Resource resource) {
    Resource pdp = pdpDeployment();
    JsonNode podLabels = pdp.spec().path("template").path("metadata").path("labels");
    JsonNode wanted = resource.spec().path("selector").path("matchLabels");
    Set<String> mismatched = new TreeSet<>();
    wanted.fields().forEachRemaining(l -> {
      if (!podLabels.path(l.getKey()).asText().equals(l.getValue().asText())) {
        mismatched.add(l.getKey());
      }
    });
    return resource.namespace().equals(pdp.namespace()) && mismatched.isEmpty();
  }

  @Test
  void shouldAcceptOnlyMeshMtlsAtThePdp() {
    List<Resource> strict = IstioResources.ofKind("PeerAuthentication").stream()
        .filter(IstioMtlsTest::selectsPdp)
        .toList();

    assertThat(strict).as("a PeerAuthentication for the PDP pods").isNotEmpty().allSatisfy(peer -> {
      assertThat(peer.spec().path("mtls").path("mode").asText()).as(peer + " mtls.mode").isEqualTo("STRICT");
      peer.spec().path("portLevelMtls").fields().forEachRemaining(port ->
          assertThat(port.getValue().path("mode").asText()).as(peer + " port " + port.getKey()).isEqualTo("STRICT"));
    });
  }

  @Test
  void shouldOriginateMeshMtlsToThePdpService() {
    Resource service = IstioResources.ofKind("Service").stream()
        .filter(s -> s.namespace().equals(pdpDeployment().namespace()) && s.name().equals(pdpDeployment().name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Service named like the PDP StatefulSet"));
    String host = service.name() + "." + service.namespace() + ".svc.cluster.local";

    assertThat(IstioResources.ofKind("DestinationRule")).as("a DestinationRule for " + host)
        .anySatisfy(rule -> {
          assertThat(rule.spec().path("host").asText()).isEqualTo(host);
          assertThat(rule.spec().path("trafficPolicy").path("tls").path("mode").asText()).isEqualTo("ISTIO_MUTUAL");
        });
  }

  @Test
  void shouldLetOnlyNamedMeshIdentitiesAskForDecisions() {
    List<JsonNode> rulesReachingGrpc = IstioResources.ofKind("AuthorizationPolicy").stream()
        .filter(IstioMtlsTest::selectsPdp)
        .filter(p -> p.spec().path("action").asText("ALLOW").equals("ALLOW"))
        .flatMap(p -> IstioResources.rules(p.doc()).stream())
        .filter(IstioMtlsTest::reachesGrpcPort)
        .toList();

    assertThat(rulesReachingGrpc).as("ALLOW rules for the ext_authz port").isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.path("from")).as("a rule for port " + GRPC_PORT + " names its callers").isNotEmpty();
      for (JsonNode from : rule.path("from")) {
        JsonNode principals = from.path("source").path("principals");
        assertThat(principals).as("source.principals (mesh identities), not namespaces or IPs").isNotEmpty();
        principals.forEach(p -> assertThat(p.asText()).as("principal").doesNotContain("*").isNotBlank());
      }
    });
  }

  /** A rule with no {@code to.operation.ports} reaches every port. */
  private static boolean reachesGrpcPort(JsonNode rule) {
    if (rule.path("to").isEmpty()) {
      return true;
    }
    for (JsonNode to : rule.path("to")) {
      JsonNode ports = to.path("operation").path("ports");
      if (ports.isEmpty() || ports.toString().contains("\"" + GRPC_PORT + "\"")) {
        return true;
      }
    }
    return false;
  }
}
