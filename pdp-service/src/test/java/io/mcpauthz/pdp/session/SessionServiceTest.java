package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.decision.Judgement;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.mcpauthz.pep.port.HttpCheck;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Scopes SCOPES = new Scopes(new ScopeKey(ScopeKey.SESSION, "s", "mcp-session-id"),
      new ScopeKey(ScopeKey.RUN, "r", "sid"), new ScopeKey(ScopeKey.PRINCIPAL, "p", "principal"));
  private static final String ONE_PER_MINUTE = "{'budgets':[{'id':'one','scope':'session','counter':'all','window':'1m','limit':1}],"
      + "'record':{'labels':['private_data'],'counters':['all']},"
      + "'quarantine':[{'scope':'session','denies':2,'window':'10m','for':'15m'}]}";

  private final TestSessionConfig config = TestSessionConfig.DEFAULTS;
  private final MemorySessionStore memory =
      new MemorySessionStore(config, SessionStoreProducer.windows(config), new SimpleMeterRegistry());

  private SessionService service(SessionStore store) {
    return new SessionService(new SessionKeys(config), store, config);
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ObjectNode input() {
    return json("{'route':{'server':'crm'},'mcp':{'method':'tools/call','tool':{'name':'get_customer'}}}");
  }

  private static Judgement judged(String id, boolean allow, String reason, String obligations) {
    PolicyDecision policy = new PolicyDecision(allow, "read",
        List.of(new PolicyDecision.Reason(reason, reason)), json(obligations), "rev-1");
    return Judgement.of(id, null, policy, Subject.ANONYMOUS);
  }

  private Judgement settle(SessionService service, Judgement judgement) {
    ObjectNode input = input();
    service.attach(SCOPES, input).await().indefinitely();
    return service.settle(SCOPES, judgement, input).await().indefinitely();
  }

  @Test
  void shouldTurnAnAllowWhoseReservationFailsIntoBudgetExceededUnderTheSameDecisionId() {
    SessionService service = service(memory);
    assertThat(settle(service, judged("d-1", true, "allowed", ONE_PER_MINUTE)).allowed()).isTrue();

    Judgement second = settle(service, judged("d-2", true, "allowed", ONE_PER_MINUTE));
    assertThat(second.decisionId()).isEqualTo("d-2");
    assertThat(second.refusal()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.reasons()).extracting(PolicyDecision.Reason::code).containsExactly("budget_exceeded");
    assertThat(second.policy().obligations().path("retry_after_s").asLong()).isBetween(1L, 60L);
    assertThat(second.session().path("budgets").get(0).path("used").asLong()).isEqualTo(1);
    assertThat(second.session().has("recorded_labels")).isFalse();
    ObjectNode state = memory.view(SCOPES.session(), System.currentTimeMillis()).await().indefinitely();
    assertThat(state.path("denies").path("total").asLong()).isEqualTo(1);
  }

  @Test
  void shouldPutTheTaintingDecisionIntoTheFactsOfTheNextCall() {
    SessionService service = service(memory);
    Judgement first = settle(service, judged("d-read", true, "allowed", "{'record':{'labels':['private_data']}}"));
    assertThat(first.session().path("recorded_labels").get(0).asText()).isEqualTo("private_data");
    Judgement next = settle(service, judged("d-send", false, "toxic_flow", "{}"));
    assertThat(next.session().path("session").path("labels").path("private_data").path("decision_id").asText())
        .isEqualTo("d-read");
    assertThat(next.session().path("run").path("labels").path("private_data").path("decision_id").asText())
        .isEqualTo("d-read");
    assertThat(next.session().path("run").path("key").asText()).isEqualTo("r");
    assertThat(next.session().path("run").path("key_source").asText()).isEqualTo("sid");
  }

  @Test
  void shouldNotCountAQuarantinedCallTowardTheNextQuarantine() {
    SessionService service = service(memory);
    settle(service, judged("d-1", false, "quarantined", ONE_PER_MINUTE));
    settle(service, judged("d-2", false, "quarantined", ONE_PER_MINUTE));
    ObjectNode state = memory.view(SCOPES.session(), System.currentTimeMillis()).await().indefinitely();
    assertThat(state.path("denies").path("total").asLong()).isZero();
    assertThat(state.path("quarantine").path("active").asBoolean()).isFalse();
  }

  @Test
  void shouldShowAnUnreadableStoreToThePolicyAsUnavailable() {
    ObjectNode input = input();
    service(new BrokenStore()).attach(SCOPES, input).await().indefinitely();
    assertThat(input.path("session").path("available").asBoolean(true)).isFalse();
    assertThat(input.path("run").path("available").asBoolean(true)).isFalse();
    assertThat(input.path("run").path("key_source").asText()).isEqualTo("sid");
    assertThat(input.path("principal").path("available").asBoolean(true)).isFalse();
  }

  @Test
  void shouldFailClosedWhenAnAllowWithBudgetsOrLabelsCannotBeRecorded() {
    SessionService service = service(new BrokenStore());
    assertThatThrownBy(() -> settle(service, judged("d-1", true, "allowed", ONE_PER_MINUTE)))
        .isInstanceOfSatisfying(DecisionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STATE_UNAVAILABLE));
    assertThat(settle(service, judged("d-2", true, "allowed", "{}")).allowed()).isTrue();
  }

  @Test
  void shouldRefuseAnotherPrincipalsSessionAndFailClosedWhenTheOwnerIsUnknown() {
    HttpCheck check = new HttpCheck("r", Instant.now(), "GET", "/mcp", "h", "https", "HTTP/2",
        Map.of("mcp-session-id", "s-owned", "mcp-protocol-version", "2025-06-18"), new byte[0], false,
        new HttpCheck.Peer("127.0.0.1", 1, ""), Map.of());
    SessionService service = service(memory);
    service.requireOwner(check, subject("grace"), "github").await().indefinitely();

    service.requireOwner(check, subject("grace"), "github").await().indefinitely();
    assertThatThrownBy(() -> service.requireOwner(check, subject("heidi"), "github").await().indefinitely())
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_NOT_OWNED));
    assertThatThrownBy(() -> service(new BrokenStore()).requireOwner(check, subject("grace"), "github").await().indefinitely())
        .isInstanceOfSatisfying(DecisionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STATE_UNAVAILABLE));
  }

  @Test
  void shouldFailClosedWhenAStoreThatWaitsDoesNotAnswerInTime() {
    HttpCheck check = new HttpCheck("r", Instant.now(), "GET", "/mcp", "h", "https", "HTTP/2",
        Map.of("mcp-session-id", "s-silent", "mcp-protocol-version", "2025-06-18"), new byte[0], false,
        new HttpCheck.Peer("127.0.0.1", 1, ""), Map.of());
    BrokenStore silent = new BrokenStore();
    silent.failure.set(null);
    assertThatThrownBy(() -> service(silent).requireOwner(check, subject("grace"), "github").await().indefinitely())
        .isInstanceOfSatisfying(DecisionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STATE_UNAVAILABLE));
    assertThat(memory.completesImmediately()).isTrue();
    assertThat(silent.completesImmediately()).isFalse();
  }

  private static Subject subject(String sub) {
    return new Subject(true, sub, "https://issuer", "agent-7", List.of("dev"), List.of(), List.of(), List.of(), Map.of());
  }

  @Test
  void shouldRefuseMalformedSessionObligations() {
    SessionService service = service(memory);
    for (String obligations : List.of("{'budgets':[{'id':'x','scope':'tenant','counter':'all','window':'1m','limit':1}]}",
        "{'budgets':[{'id':'x','scope':'session','counter':'all','window':'1m','limit':1000}]}",
        "{'budgets':[{'id':'x','scope':'session','counter':'all','window':'1m','limit':1.5}]}",
        "{'quarantine':[{'scope':'session','denies':2,'window':'10m','for':'total'}]}")) {
      assertThatThrownBy(() -> settle(service, judged("d", true, "allowed", obligations))).as(obligations)
          .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECISION_MALFORMED));
    }
  }

  /**
   * A store whose server is gone: every call fails, as the Redis client's do; with no failure
   * set, one that never answers (only its time limit ends the wait).
   */
  private static final class BrokenStore implements SessionStore {
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("down"));

    private <T> Uni<T> fail() {
      return failure.get() == null ? Uni.createFrom().nothing() : Uni.createFrom().failure(failure.get());
    }

    @Override
    public Uni<ObjectNode> view(ScopeKey key, long now) {
      return fail();
    }

    @Override
    public Uni<Reservation> commitAllow(Scopes scopes, CallRecord call, List<Budget> budgets) {
      return fail();
    }

    @Override
    public Uni<Void> recordDeny(Scopes scopes, CallRecord call, List<QuarantineRule> rules) {
      return fail();
    }

    @Override
    public Uni<ObjectNode> state(ScopeKey key, long now) {
      return fail();
    }

    @Override
    public Uni<Boolean> claim(String session, String owner) {
      return fail();
    }

    @Override
    public Uni<Boolean> release(ScopeKey key) {
      return fail();
    }
  }
}
