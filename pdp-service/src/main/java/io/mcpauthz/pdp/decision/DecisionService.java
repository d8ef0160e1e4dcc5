package io.mcpauthz.pdp.decision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.LogValues;
import io.mcpauthz.pdp.event.DecisionEventPublisher;
import io.mcpauthz.pdp.event.DecisionEvents;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.identity.TokenVerifier;
import io.mcpauthz.pdp.input.InputDocument;
import io.mcpauthz.pdp.mcp.AmbiguousBodyException;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pdp.mcp.McpRequestReader;
import io.mcpauthz.pdp.policy.PolicyEngine;
import io.mcpauthz.pdp.request.RequestContext;
import io.mcpauthz.pdp.request.RequestDoor;
import io.mcpauthz.pdp.response.VerdictFactory;
import io.mcpauthz.pdp.session.Scopes;
import io.mcpauthz.pdp.session.SessionService;
import io.mcpauthz.pdp.transport.TrustedCallers;
import io.mcpauthz.pep.port.DecisionPoint;
import io.mcpauthz.pep.port.HttpCheck;
import io.mcpauthz.pep.port.Verdict;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The decision path for one HTTP request: take the credentials out at the door, read the MCP
 * messages, verify the caller, ask the policy about each message within the time budget,
 * answer, and record every judgement. Refusals of any kind end here as a {@link Judgement};
 * nothing is thrown to the PEP.
 */
@ApplicationScoped
public class DecisionService implements DecisionPoint {

  private static final Logger LOGGER = Logger.getLogger(DecisionService.class);

  private final McpRequestReader reader;
  private final TokenVerifier tokens;
  private final PolicyEngine policy;
  private final VerdictFactory verdicts;
  private final DecisionEventPublisher publisher;
  private final DecisionMetrics metrics;
  private final DecisionConfig config;
  private final TrustedCallers callers;
  private final RequestDoor door;
  private final SessionService sessions;

  DecisionService(RequestDoor door, McpRequestReader reader, TokenVerifier tokens, PolicyEngine policy,
      VerdictFactory verdicts, DecisionEventPublisher publisher, DecisionMetrics metrics, DecisionConfig config,
      TrustedCallers callers, SessionService sessions) {
    this.door = door;
    this.reader = reader;
    this.tokens = tokens;
    this.policy = policy;
    this.verdicts = verdicts;
    this.publisher = publisher;
    this.metrics = metrics;
    this.config = config;
    this.callers = callers;
    this.sessions = sessions;
  }

  @Override
  public Uni<Verdict> decide(HttpCheck raw) {
    Request request = request(raw, false);
    RequestContext context = request.context();
    if (!callers.admits(raw.caller())) { // nothing the caller sent is judged, but the refusal is recorded
      return unjudgeable(request, List.of(Judgement.refused(newId(), null, ErrorCode.CALLER_NOT_TRUSTED)));
    }
    List<McpMessage> messages;
    try {
      messages = reader.read(request.check());
    } catch (DecisionException e) {
      return unjudgeable(request, refusedBody(e));
    }
    try {
      reader.crossCheckHeaders(request.check(), messages);
    } catch (DecisionException e) {
      return unjudgeable(request, refuseAll(messages, e.code()));
    }
    if (context.refusal() != null) {
      return unjudgeable(request, refuseAll(messages, context.refusal()));
    }
    if (!publisher.accepting()) { // a decision that cannot be recorded is not made (docs/events.md)
      return unjudgeable(request, refuseAll(messages, ErrorCode.AUDIT_UNAVAILABLE));
    }
    Uni<Outcome> judged = tokens.authenticate(context.authorization(), request.server())
        .onItemOrFailure().transformToUni((subject, failure) -> failure != null
            ? Uni.createFrom().item(new Outcome(Subject.ANONYMOUS, refuseAll(messages, codeOf(failure))))
            : judgeAll(request, subject, messages));
    return withinBudget(request, messages, judged);
  }

  /**
   * Judges a synthetic request as {@link #decide} does, for a subject given instead of verified,
   * and records nothing: no session state is read or written, the event is built and encoded but
   * neither spooled nor sent, no metric, no log line. Only {@link DecisionPathWarmup} calls it,
   * before readiness, so that the first real calls do not pay for class loading and compilation.
   */
  Uni<Verdict> rehearse(HttpCheck raw, Subject subject) {
    Request request = request(raw, true);
    List<McpMessage> messages = reader.read(request.check());
    return withinBudget(request, messages, judgeAll(request, subject, messages));
  }

  /** A failure outside the judged path (the PEP caught it): denied 503 and recorded like any refusal. */
  @Override
  public Verdict unavailable(HttpCheck check, Throwable failure) {
    String decisionId = newId();
    LOGGER.errorf("decision path failed decision_id=%s error_code=internal_error error=%s", decisionId,
        failure.getClass().getName());
    return finish(request(check, false), Subject.ANONYMOUS, List.of(Judgement.refused(decisionId, null, ErrorCode.INTERNAL_ERROR)));
  }

  /** The request as every step sees it: taken through the door, with its server and its deadline. */
  private Request request(HttpCheck raw, boolean rehearsal) {
    return new Request(door.admit(raw), raw.context().getOrDefault("mcp_server", config.defaultServer()),
        System.nanoTime(), Span.current().getSpanContext().getTraceId(),
        TimeBudget.of(config.budget(), config.deadlineMargin(), raw.timeLeft()), rehearsal);
  }

  /**
   * One deadline for the whole decision. Past it the PDP denies, and that deny is what the
   * proxy, the caller and the event see: a late policy answer is dropped, never recorded.
   */
  private Uni<Verdict> withinBudget(Request request, List<McpMessage> messages, Uni<Outcome> judged) {
    return judged.ifNoItem().after(request.budget().remaining(request.startNanos()))
        .recoverWithItem(() -> new Outcome(attributableSubject(request),
            refuseAll(messages, ErrorCode.DECISION_TIMEOUT)))
        .map(outcome -> finish(request, outcome.subject(), outcome.judgements()));
  }

  /**
   * Whose session it is depends on the request, not on its messages: asked once for a batch,
   * while the messages' session state is read (one store round trip instead of two in a row).
   * The policy is asked only once the owner is known.
   */
  private Uni<Outcome> judgeAll(Request request, Subject subject, List<McpMessage> messages) {
    Uni<Void> owner = request.rehearsal() ? Uni.createFrom().voidItem()
        : sessions.requireOwner(request.check(), subject, request.server()).memoize().indefinitely();
    if (messages.size() == 1) { // the common case: no join needed
      return judge(request, subject, messages.get(0), owner).map(one -> new Outcome(subject, List.of(one)));
    }
    List<Uni<Judgement>> judged = new ArrayList<>(messages.size());
    messages.forEach(m -> judged.add(judge(request, subject, m, owner)));
    return Uni.join().all(judged).andCollectFailures().map(all -> new Outcome(subject, all));
  }

  /** A body read differently elsewhere is recorded as what it means there, not as nothing. */
  private static List<Judgement> refusedBody(DecisionException e) {
    List<McpMessage> meaning = e instanceof AmbiguousBodyException ambiguous ? ambiguous.meaning() : List.of();
    return meaning.isEmpty() ? List.of(Judgement.refused(newId(), null, e.code())) : refuseAll(meaning, e.code());
  }

  private static List<Judgement> refuseAll(List<McpMessage> messages, ErrorCode code) {
    List<Judgement> refused = new ArrayList<>(messages.size());
    messages.forEach(m -> refused.add(Judgement.refused(newId(), m, code)));
    return refused;
  }

  /** Refused before the policy was asked, but attributed to the caller when its token is good. */
  private Uni<Verdict> unjudgeable(Request request, List<Judgement> refused) {
    return Uni.createFrom().item(finish(request, attributableSubject(request), refused));
  }

  /** The caller as far as its token proves it; keys already in memory only, never a fetch. */
  private Subject attributableSubject(Request request) {
    try {
      return tokens.verify(request.context().authorization(), request.server());
    } catch (DecisionException e) {
      return Subject.ANONYMOUS;
    }
  }

  private Uni<Judgement> judge(Request request, Subject subject, McpMessage message, Uni<Void> owner) {
    String decisionId = newId();
    ObjectNode input = InputDocument.build(request.check(), request.server(), subject, message);
    Scopes scopes = request.rehearsal() ? Scopes.NONE : sessions.scopes(request.check(), subject);
    return Uni.combine().all().unis(owner, sessions.attach(scopes, input)).discardItems()
        .chain(() -> policy.decide(input))
        .map(policy -> Judgement.of(decisionId, message, policy, subject))
        .chain(judgement -> sessions.settle(scopes, judgement, input))
        .onFailure().recoverWithItem(failure -> Judgement.refused(decisionId, message, codeOf(failure)));
  }

  private Verdict finish(Request request, Subject subject, List<Judgement> judgements) {
    long latencyNanos = System.nanoTime() - request.startNanos();
    ObjectNode upstream = verdicts.upstreamClaims(subject, request.server(), judgements);
    if (request.rehearsal()) { // built and encoded like a real event, then dropped
      judgements.forEach(j -> publisher.encodeOnly(j.decisionId(), event(request, subject, j, latencyNanos, upstream)));
      return verdicts.verdict(request.check(), request.server(), subject, judgements,
          request.context().upstreamRemovals(), upstream);
    }
    boolean recorded = true;
    for (Judgement judgement : judgements) {
      recorded &= publish(request, subject, judgement, latencyNanos, upstream);
    }
    if (!recorded && publisher.allowRequiresRecord() && judgements.stream().anyMatch(Judgement::allowed)) {
      // the spool filled or failed after the door let the call in: an unrecorded allow is not answered
      return finish(request, subject, judgements.stream()
          .map(j -> Judgement.refused(newId(), j.message(), ErrorCode.AUDIT_UNAVAILABLE)).toList());
    }
    for (Judgement judgement : judgements) {
      log(request, judgement);
      metrics.record(request.server(), judgement, latencyNanos);
    }
    return verdicts.verdict(request.check(), request.server(), subject, judgements,
        request.context().upstreamRemovals(), upstream);
  }

  /** Built and spooled before the verdict is returned: an answered decision is never only in memory. */
  private boolean publish(Request request, Subject subject, Judgement judgement, long latencyNanos,
      ObjectNode upstream) {
    return publisher.publish(DecisionEvents.key(request.check(), subject), judgement.decisionId(),
        event(request, subject, judgement, latencyNanos, upstream));
  }

  private static Supplier<ObjectNode> event(Request request, Subject subject, Judgement judgement, long latencyNanos,
      ObjectNode upstream) {
    Instant time = Instant.now();
    return () -> withFacts(DecisionEvents.build(request.check(), request.server(), subject, judgement, time,
        latencyNanos / 1_000, request.traceId()), judgement, upstream);
  }

  /**
   * What an analyst needs to see why (docs/events.md): the session facts the policy used, its
   * obligations, and the claims of the upstream assertion minted for the call (never the token).
   */
  private static ObjectNode withFacts(ObjectNode event, Judgement judgement, ObjectNode upstream) {
    if (judgement.session() != null) {
      event.set("session", judgement.session());
    }
    if (judgement.policy() != null && !judgement.policy().obligations().isEmpty()) {
      event.set("obligations", judgement.policy().obligations());
    }
    if (upstream != null) {
      event.putObject("upstream").set("claims", upstream);
    }
    return event;
  }

  private static void log(Request request, Judgement judgement) {
    McpMessage message = judgement.message();
    LOGGER.infof("decision decision_id=%s decision=%s status=%d server=%s mcp_method=%s tool=%s error_code=%s",
        judgement.decisionId(), judgement.allowed() ? "allow" : "deny", judgement.status(),
        LogValues.of(request.server()), LogValues.of(message == null ? null : message.method()),
        LogValues.of(message == null ? null : message.toolName()),
        LogValues.of(judgement.allowed() ? null : judgement.reasons().get(0).code()));
  }

  private static ErrorCode codeOf(Throwable failure) {
    if (failure instanceof DecisionException e) {
      return e.code();
    }
    LOGGER.warnf("unexpected failure on the decision path error=%s", failure.getClass().getName());
    return ErrorCode.INTERNAL_ERROR;
  }

  private static String newId() {
    return DecisionIds.next();
  }

  /** @param rehearsal a warm-up request: judged, but nothing about it is recorded */
  private record Request(RequestContext context, String server, long startNanos, String traceId,
      TimeBudget budget, boolean rehearsal) {

    /** The request as every step sees it: credentials already taken out at the door. */
    HttpCheck check() {
      return context.check();
    }
  }

  private record Outcome(Subject subject, List<Judgement> judgements) {}
}
