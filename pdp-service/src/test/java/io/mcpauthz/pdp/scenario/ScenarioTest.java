package io.mcpauthz.pdp.scenario;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.mcpauthz.pdp.it.RealStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table-driven suite: every scenario file under {@code src/test/resources/scenarios} is sent
 * as Envoy's CheckRequest to the PDP (judged by the real OPA on the shipped policies); the
 * CheckResponse must match the scenario, and so must every decision event, found again through
 * the real audit-consumer.
 */
@QuarkusTest
@WithTestResource(RealStackResource.class)
class ScenarioTest {

  private static ManagedChannel channel;

  static Stream<Scenario> scenarios() {
    return ScenarioLoader.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void shouldAnswerAndRecordEachMessageAsTheScenarioSays(Scenario scenario) {
    CheckRequest request = ScenarioRequests.build(scenario);

    CheckResponse response = pdp().check(request);

    try {
      List<String> decisionIds = VerdictAssertions.assertVerdict(scenario.then(), request, response);
      EventAssertions.assertEvents(scenario.then().events(), decisionIds, AuditEvents.await(decisionIds));
    } catch (AssertionError e) {
      // Surefire's reports name parameterized runs by index only: say which file failed.
      throw new AssertionError(scenario + ": " + e.getMessage(), e);
    }
  }

  static synchronized AuthorizationGrpc.AuthorizationBlockingStub pdp() {
    if (channel == null) {
      int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .maxInboundMessageSize(8 << 20).build();
    }
    return AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static synchronized void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
  }
}
