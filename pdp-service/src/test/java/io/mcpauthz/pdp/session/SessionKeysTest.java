package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pep.port.HttpCheck;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionKeysTest {

  private final SessionKeys keys = new SessionKeys(TestSessionConfig.DEFAULTS);

  private static Subject subject(String sub, Map<String, Object> claims) {
    return new Subject(true, sub, "https://issuer", "agent-7", List.of("dev"), List.of(), List.of(), List.of(), claims);
  }

  private static HttpCheck check(String revision, String sessionId) {
    Map<String, String> headers = new HashMap<>();
    if (revision != null) {
      headers.put("mcp-protocol-version", revision);
    }
    if (sessionId != null) {
      headers.put("mcp-session-id", sessionId);
    }
    return new HttpCheck("r", Instant.now(), "POST", "/mcp", "h", "https", "HTTP/2", headers, new byte[0], false,
        new HttpCheck.Peer("127.0.0.1", 1, ""), Map.of());
  }

  @Test
  void shouldKeyTheSessionByItsIdBoundToThePrincipal() {
    Scopes alice = keys.of(check("2025-11-25", "s-1"), subject("alice", Map.of()));
    Scopes bob = keys.of(check("2025-11-25", "s-1"), subject("bob", Map.of()));
    assertThat(alice.session().source()).isEqualTo("mcp-session-id");
    assertThat(alice.session().key()).isNotEqualTo(bob.session().key()).matches("[A-Za-z0-9_-]{22}");
    assertThat(alice.principal().key()).isNotEqualTo(bob.principal().key());
    assertThat(keys.of(check("2025-11-25", "s-2"), subject("alice", Map.of())).principal()).isEqualTo(alice.principal());
  }

  @Test
  void shouldNameASessionIdAndItsWouldBeOwnerOnlyWhereTheIdKeysTheSession() {
    SessionClaim alice = keys.claim(check("2025-11-25", "s-1"), subject("alice", Map.of()), "github");
    SessionClaim bob = keys.claim(check("2025-11-25", "s-1"), subject("bob", Map.of()), "github");

    assertThat(alice.session()).isEqualTo(bob.session()).matches("[A-Za-z0-9_-]{22}");
    assertThat(alice.owner()).isNotEqualTo(bob.owner());
    assertThat(keys.claim(check("2025-11-25", "s-1"), subject("bob", Map.of()), "crm").session())
        .isNotEqualTo(bob.session()); // each server issues its own ids
    assertThat(keys.claim(check("2026-07-28", "s-1"), subject("alice", Map.of()), "github")).isNull();
    assertThat(keys.claim(check("2025-11-25", null), subject("alice", Map.of()), "github")).isNull();
    assertThat(keys.claim(check("2025-11-25", "s-1"), Subject.ANONYMOUS, "github")).isNull();
  }

  @Test
  void shouldIgnoreAClientSentSessionIdWhereTheRevisionHasNoSessions() {
    Subject alice = subject("alice", Map.of("sid", "idp-1", "jti", "t-1"));
    Scopes first = keys.of(check("2026-07-28", "made-up-1"), alice);
    Scopes second = keys.of(check("2026-07-28", "made-up-2"), alice);
    assertThat(first.session().source()).isEqualTo("sid");
    assertThat(first.session()).isEqualTo(second.session());
  }

  @Test
  void shouldFallBackFromSidToJtiToThePrincipal() {
    assertThat(keys.of(check(null, null), subject("alice", Map.of("jti", "t-1"))).session().source()).isEqualTo("jti");
    Scopes bare = keys.of(check(null, null), subject("alice", Map.of()));
    assertThat(bare.session().source()).isEqualTo("principal");
    assertThat(bare.session().key()).isNotEqualTo(bare.principal().key());
  }

  /**
   * An anonymous caller chooses its session id freely, so a history kept under it protects
   * nothing, while every id it made up would take a place in the bounded store: a flood of
   * unauthenticated calls would push out the sessions of signed-in users (their labels,
   * budgets and quarantine).
   */
  @Test
  void shouldKeepNoHistoryForAnAnonymousCaller() {
    assertThat(keys.of(check(null, null), Subject.ANONYMOUS).present()).isEmpty();
    assertThat(keys.of(check("2025-06-18", "s-1"), Subject.ANONYMOUS).present()).isEmpty();
    assertThat(keys.of(check("2026-07-28", "s-1"), Subject.ANONYMOUS).present()).isEmpty();
  }
}
