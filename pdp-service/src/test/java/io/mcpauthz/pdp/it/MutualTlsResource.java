package io.mcpauthz.pdp.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs the PDP's gRPC server with mTLS: a server certificate for localhost, client certificates
 * required and checked against a test CA, and one ingress gateway identity on the allow-list.
 */
public class MutualTlsResource implements QuarkusTestResourceLifecycleManager {

  static final String GATEWAY = "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway";
  static final String STRANGER = "spiffe://cluster.local/ns/default/sa/curious-pod";

  private static TestCertificates certificates;

  static TestCertificates certificates() {
    return certificates;
  }

  @Override
  public Map<String, String> start() {
    certificates = TestCertificates.newCa()
        .issue("pdp", "serverAuth", "DNS:localhost,IP:127.0.0.1")
        .issue("gateway", "clientAuth", "URI:" + GATEWAY)
        .issue("stranger", "clientAuth", "URI:" + STRANGER);
    return Map.of(
        "quarkus.grpc.server.ssl.certificate", certificates.cert("pdp").toString(),
        "quarkus.grpc.server.ssl.key", certificates.key("pdp").toString(),
        "quarkus.grpc.server.ssl.trust-store", certificates.trustStore().toString(),
        "quarkus.grpc.server.ssl.trust-store-password", TestCertificates.TRUST_STORE_PASSWORD,
        "quarkus.grpc.server.ssl.client-auth", "REQUIRED",
        "mcp-authz.callers.allowed", GATEWAY);
  }

  @Override
  public void stop() {
  }
}
