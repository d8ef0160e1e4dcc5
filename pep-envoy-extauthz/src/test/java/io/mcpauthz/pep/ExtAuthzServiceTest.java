package io.mcpauthz.pep;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.stub.StreamObserver;
import io.mcpauthz.pep.port.DecisionPoint;
import io.mcpauthz.pep.port.HttpCheck;
import io.mcpauthz.pep.port.Verdict;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every failure on the way to a verdict is still a recorded, denied CheckResponse, never a gRPC error. */
class ExtAuthzServiceTest {

  private static final String RECORDED_BODY = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603}}";

  private final RecordingDecisionPoint decisionPoint = new RecordingDecisionPoint();
  private final ExtAuthzService service = new ExtAuthzService();

  {
    service.decisionPoint = decisionPoint;
  }

  private static CheckRequest request(long seconds) {
    return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
            .setRequest(AttributeContext.Request.newBuilder()
                .setTime(Timestamp.newBuilder().setSeconds(seconds))
                .setHttp(AttributeContext.HttpRequest.newBuilder().setId("req-9").setMethod("POST").setPath("/mcp")
                    .putHeaders("authorization", "Bearer client-token")))
            .putContextExtensions("mcp_server", "github"))
        .build();
  }

  private CheckResponse check(CheckRequest request) {
    Answers answers = new Answers();
    service.check(request, answers);
    assertThat(answers.completed).as("the call is completed, not failed").isTrue();
    assertThat(answers.responses).hasSize(1);
    return answers.responses.get(0);
  }

  @Test
  void shouldDenyAndRecordWhenDecideThrowsSynchronously() {
    decisionPoint.decide = check -> {
      throw new IllegalStateException("boom");
    };

    CheckResponse response = check(request(1_764_140_400L));

    assertRecordedDenial(response);
    assertThat(decisionPoint.failures).singleElement().isInstanceOf(IllegalStateException.class);
    assertThat(decisionPoint.checks.get(0).requestId()).isEqualTo("req-9");
  }

  @Test
  void shouldDenyAndRecordWhenDecideFails() {
    decisionPoint.decide = check -> Uni.createFrom().failure(new IllegalStateException("late boom"));

    assertRecordedDenial(check(request(1_764_140_400L)));
    assertThat(decisionPoint.failures).hasSize(1);
  }

  @Test
  void shouldDenyAndRecordARequestTheMapperCannotRead() {
    // Far beyond java.time.Instant's range: the mapper throws before any decision.
    CheckResponse response = check(request(Long.MAX_VALUE));

    assertRecordedDenial(response);
    HttpCheck minimal = decisionPoint.checks.get(0);
    assertThat(minimal.requestId()).isEqualTo("req-9");
    assertThat(minimal.context()).containsEntry("mcp_server", "github");
    assertThat(minimal.headers()).as("no credential travels with an unreadable request").isEmpty();
  }

  @Test
  void shouldDenyAndRecordWhenTheVerdictCannotBeMapped() {
    Map<String, String> broken = new HashMap<>();
    broken.put("x-mcp-authz-decision-id", null);
    decisionPoint.decide = check -> Uni.createFrom().item(new Verdict.Allow("d-1", List.of(), broken, Map.of()));

    assertRecordedDenial(check(request(1_764_140_400L)));
  }

  @Test
  void shouldStillDenyWith503WhenRecordingFails() {
    decisionPoint.decide = check -> {
      throw new IllegalStateException("boom");
    };
    decisionPoint.recordingFails = true;

    CheckResponse response = check(request(1_764_140_400L));

    assertThat(response.hasDeniedResponse()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
    assertThat(response.getDeniedResponse().getBody()).contains("\"code\":-32603").contains("internal_error");
  }

  private static void assertRecordedDenial(CheckResponse response) {
    assertThat(response.hasDeniedResponse()).as(response.toString()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
    assertThat(response.getDeniedResponse().getBody()).isEqualTo(RECORDED_BODY);
  }

  private static final class RecordingDecisionPoint implements DecisionPoint {
    Function<HttpCheck, Uni<Verdict>> decide;
    boolean recordingFails;
    final List<HttpCheck> checks = new ArrayList<>();
    final List<Throwable> failures = new ArrayList<>();

    @Override
    public Uni<Verdict> decide(HttpCheck check) {
      return decide.apply(check);
    }

    @Override
    public Verdict unavailable(HttpCheck check, Throwable failure) {
      if (recordingFails) {
        throw new IllegalStateException("recording failed too");
      }
      checks.add(check);
      failures.add(failure);
      return new Verdict.Deny("d-recorded", 503, Map.of("content-type", "application/json"), RECORDED_BODY,
          Map.of("decision_id", "d-recorded", "decision", "deny"));
    }
  }

  private static final class Answers implements StreamObserver<CheckResponse> {
    final List<CheckResponse> responses = new ArrayList<>();
    boolean completed;

    @Override
    public void onNext(CheckResponse value) {
      responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
      throw new AssertionError("a gRPC error reached Envoy", t);
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }
}
