package io.mcpauthz.pep;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.stub.StreamObserver;
import io.mcpauthz.pep.port.DecisionPoint;
import io.mcpauthz.pep.port.Verdict;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Envoy's {@code envoy.service.auth.v3.Authorization/Check}. Runs on the gRPC event loop: the
 * decision point answers asynchronously. Whatever goes wrong still ends in a denied
 * CheckResponse, never in a gRPC error that Envoy's {@code failure_mode_allow} could turn into
 * an allow.
 */
@GrpcService
public class ExtAuthzService extends AuthorizationGrpc.AuthorizationImplBase {

  private static final Logger LOGGER = Logger.getLogger(ExtAuthzService.class);

  /** Used only when the decision point itself failed; it normally builds its own denials. */
  private static final String UNAVAILABLE_BODY =
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,"
          + "\"message\":\"Authorization is unavailable\",\"data\":{\"decision_id\":\"%s\","
          + "\"reasons\":[\"internal_error\"]}}}";

  @Inject DecisionPoint decisionPoint;

  @Override
  public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
    decisionPoint
        .decide(CheckRequestMapper.toHttpCheck(request, CallerInterceptor.current()))
        .onFailure().recoverWithItem(ExtAuthzService::unavailable)
        .subscribe().with(verdict -> {
          responses.onNext(CheckResponseMapper.toCheckResponse(verdict));
          responses.onCompleted();
        });
  }

  private static Verdict unavailable(Throwable failure) {
    String decisionId = UUID.randomUUID().toString();
    LOGGER.errorf(failure, "decision point failed decision_id=%s error_code=internal_error", decisionId);
    return new Verdict.Deny(
        decisionId,
        503,
        Map.of("content-type", "application/json"),
        UNAVAILABLE_BODY.formatted(decisionId),
        Map.of("decision_id", decisionId, "decision", "deny"));
  }
}
