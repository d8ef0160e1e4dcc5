package io.mcpauthz.pep;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.mcpauthz.pep.port.Caller;
import io.mcpauthz.pep.port.DecisionPoint;
import io.mcpauthz.pep.port.HttpCheck;
import io.mcpauthz.pep.port.Verdict;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Envoy's {@code envoy.service.auth.v3.Authorization/Check}. Runs on the gRPC event loop: the
 * decision point answers asynchronously. Whatever goes wrong, synchronously or not, still ends in
 * a denied CheckResponse that the decision point records, never in a gRPC error that Envoy's
 * {@code failure_mode_allow} could turn into an allow.
 */
@GrpcService
public class ExtAuthzService extends AuthorizationGrpc.AuthorizationImplBase {

  private static final Logger LOGGER = Logger.getLogger(ExtAuthzService.class);

  /** Used only when even recording the failure failed. */
  private static final String UNAVAILABLE_BODY =
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,"
          + "\"message\":\"Authorization is unavailable\",\"data\":{\"decision_id\":\"%s\","
          + "\"reasons\":[\"internal_error\"]}}}";

  @Inject DecisionPoint decisionPoint;

  @Override
  public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
    answer(request).subscribe().with(response -> {
      responses.onNext(response);
      responses.onCompleted();
    }, failure -> { // unreachable: every failure was recovered; kept so nothing is left unanswered
      responses.onNext(CheckResponseMapper.toCheckResponse(unrecorded(failure)));
      responses.onCompleted();
    });
  }

  private Uni<CheckResponse> answer(CheckRequest request) {
    Caller caller = CallerInterceptor.current();
    HttpCheck check;
    try {
      check = CheckRequestMapper.toHttpCheck(request, caller, timeLeft());
    } catch (RuntimeException e) {
      HttpCheck unreadable = CheckRequestMapper.toMinimalHttpCheck(request, caller);
      return Uni.createFrom().item(() -> unavailable(unreadable, e));
    }
    try {
      return decisionPoint.decide(check)
          .map(CheckResponseMapper::toCheckResponse)
          .onFailure().recoverWithItem(failure -> unavailable(check, failure));
    } catch (RuntimeException e) {
      return Uni.createFrom().item(() -> unavailable(check, e));
    }
  }

  /** Envoy's ext_authz {@code timeout} arrives as the call's gRPC deadline ({@code grpc-timeout}). */
  private static Duration timeLeft() {
    Deadline deadline = Context.current().getDeadline();
    return deadline == null ? null : Duration.ofNanos(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
  }

  private CheckResponse unavailable(HttpCheck check, Throwable failure) {
    try {
      return CheckResponseMapper.toCheckResponse(decisionPoint.unavailable(check, failure));
    } catch (RuntimeException e) {
      return CheckResponseMapper.toCheckResponse(unrecorded(e));
    }
  }

  private static Verdict unrecorded(Throwable failure) {
    String decisionId = UUID.randomUUID().toString();
    LOGGER.errorf("decision not recorded decision_id=%s error_code=internal_error error=%s", decisionId,
        failure.getClass().getName());
    return new Verdict.Deny(
        decisionId,
        503,
        Map.of("content-type", "application/json"),
        UNAVAILABLE_BODY.formatted(decisionId),
        Map.of("decision_id", decisionId, "decision", "deny"));
  }
}
