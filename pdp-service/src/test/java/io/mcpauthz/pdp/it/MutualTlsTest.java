package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The ext_authz gRPC server with mTLS and a client-certificate allow-list, called by a real gRPC
 * client with real certificates: only the proxy on the list gets decisions (and minted tokens).
 */
@QuarkusTest
@WithTestResource(RealStackResource.class)
@WithTestResource(MutualTlsResource.class)
class MutualTlsTest {

  private static EnvoyCheck allowedCall() {
    return EnvoyCheck.toolCall(21, "create_issue", "{}").bearer(TestKeys.token("alice", "dev"));
  }

  private static ManagedChannel channel(String clientCert) throws IOException {
    TestCertificates certs = MutualTlsResource.certificates();
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(certs.ca().toFile());
    if (clientCert != null) {
      tls.keyManager(certs.cert(clientCert).toFile(), certs.key(clientCert).toFile());
    }
    ChannelCredentials credentials = tls.build();
    return Grpc.newChannelBuilderForAddress("localhost", EnvoyCheck.testPort(), credentials).build();
  }

  @Test
  void shouldJudgeForACallerOnTheAllowList() throws IOException {
    CheckResponse response = allowedCall().send(channel("gateway"));

    assertThat(response.hasOkResponse()).as(response.toString()).isTrue();
    assertThat(AuditApi.awaitDecision(Responses.decisionId(response)).getString("decision")).isEqualTo("allow");
  }

  @Test
  void shouldDenyACertifiedCallerNotOnTheAllowList() throws IOException {
    CheckResponse response = allowedCall().send(channel("stranger"));

    assertThat(response.hasDeniedResponse()).as(response.toString()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);
    assertThat(response.getDeniedResponse().getHeadersList()).noneMatch(h -> h.getHeader().getKey().equals("authorization"));
    assertThat(Responses.deniedBody(response).path("error").path("data").path("reasons").get(0).asText())
        .isEqualTo("caller_not_trusted");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getList("reasons.code")).containsExactly("caller_not_trusted");
  }

  @Test
  void shouldRefuseACallerWithoutAClientCertificate() {
    assertThatThrownBy(() -> allowedCall().send(channel(null)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void shouldRefuseAPlaintextCaller() {
    ManagedChannel plaintext = ManagedChannelBuilder.forAddress("127.0.0.1", EnvoyCheck.testPort()).usePlaintext()
        .build();

    assertThatThrownBy(() -> allowedCall().send(plaintext))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }
}
