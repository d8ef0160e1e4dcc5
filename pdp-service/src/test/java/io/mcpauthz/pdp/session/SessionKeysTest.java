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
    return subject(sub, "agent-7", claims);
  }

  private static Subject subject(String sub, String clientId, Map<String, Object> claims) {
    return new Subject(true, sub, "https://issuer", clientId, List.of("dev"), List.of(), List.of(), List.of(), claims);
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

  @Test
  void shouldKeyTheRunByTheSidAcrossServersSessionsAndClients() {
    Subject emailToken = subject("alice", "agent-email", Map.of("sid", "idp-1", "jti", "t-1"));
    Subject githubToken = subject("alice", "agent-github", Map.of("sid", "idp-1", "jti", "t-2"));
    Scopes email = keys.of(check("2025-11-25", "E"), emailToken);
    Scopes github = keys.of(check("2025-11-25", "G"), githubToken);

    assertThat(email.run()).isEqualTo(github.run());
    assertThat(email.run().scope()).isEqualTo(ScopeKey.RUN);
    assertThat(email.run().source()).isEqualTo("sid");
    assertThat(email.run().key()).matches("[A-Za-z0-9_-]{22}");
    assertThat(email.session()).isNotEqualTo(github.session());
    assertThat(email.present()).containsExactly(email.session(), email.run(), email.principal());
    assertThat(keys.of(check("2025-11-25", "E"), subject("alice", Map.of("sid", "idp-2"))).run())
        .as("another login is another run").isNotEqualTo(email.run());
  }

  /** A sid is no secret (it is in every token of the login): copied, it names the copier's own run. */
  @Test
  void shouldBindTheRunToIssuerAndSubject() {
    ScopeKey alice = keys.of(check(null, null), subject("alice", Map.of("sid", "idp-1"))).run();
    ScopeKey mallory = keys.of(check(null, null), subject("mallory", Map.of("sid", "idp-1"))).run();
    Subject otherIssuer = new Subject(true, "alice", "https://other-issuer", "agent-7", List.of("dev"), List.of(),
        List.of(), List.of(), Map.of("sid", "idp-1"));

    assertThat(mallory).isNotEqualTo(alice);
    assertThat(keys.of(check(null, null), otherIssuer).run()).isNotEqualTo(alice);
    // line breaks in claims cannot move text from one part of the key to the next
    ScopeKey shifted = keys.of(check(null, null), subject("alice", Map.of("sid", "x\nprincipal\n"))).run();
    ScopeKey unshifted = keys.of(check(null, null), subject("alice\nsid\nx", Map.of())).run();
    assertThat(shifted).isNotEqualTo(unshifted);
  }

  /** A subject or client id holding a line break names its own principal and sessions, nobody else's. */
  @Test
  void shouldKeepLineBreaksInsideTheirPartOfPrincipalAndSessionKeys() {
    Scopes shifted = keys.of(check("2025-11-25", "s-1"), subject("alice\nagent-7", "", Map.of()));
    Scopes unshifted = keys.of(check("2025-11-25", "s-1"), subject("alice", "agent-7", Map.of()));
    assertThat(shifted.principal()).isNotEqualTo(unshifted.principal());
    assertThat(shifted.session()).isNotEqualTo(unshifted.session());

    Scopes byClient = keys.of(check("2025-11-25", "x"), subject("alice", "agent-7\nmcp-session-id\ns", Map.of()));
    Scopes bySession = keys.of(check("2025-11-25", "s\nmcp-session-id\nx"), subject("alice", "agent-7", Map.of()));
    assertThat(byClient.session()).isNotEqualTo(bySession.session());

    assertThat(keys.claim(check("2025-11-25", "s-1"), subject("alice\nagent-7", "", Map.of()), "github").owner())
        .isNotEqualTo(keys.claim(check("2025-11-25", "s-1"), subject("alice", "agent-7", Map.of()), "github").owner());
  }

  /**
   * Keys without a line break in any part are made as before the framing, so that the state and
   * the session owners a Redis store holds are found again after an upgrade.
   */
  @Test
  void shouldKeepTheKeysOfIdentitiesWithoutLineBreaksAsTheyWere() {
    Scopes alice = keys.of(check("2025-11-25", "s-1"), subject("alice", Map.of()));
    String principal = "https://issuer\nalice\nagent-7";
    assertThat(alice.principal().key()).isEqualTo(SessionKeys.hash(ScopeKey.PRINCIPAL, principal));
    assertThat(alice.session().key())
        .isEqualTo(SessionKeys.hash(ScopeKey.SESSION, principal + "\nmcp-session-id\ns-1"));
    SessionClaim claim = keys.claim(check("2025-11-25", "s-1"), subject("alice", Map.of()), "github");
    assertThat(claim.session()).isEqualTo(SessionKeys.hash("session-id", "github\ns-1"));
    assertThat(claim.owner()).isEqualTo(SessionKeys.hash(ScopeKey.PRINCIPAL, principal));
  }

  @Test
  void shouldFrameOnlyIdentitiesWithALineBreakOrNul() {
    assertThat(SessionKeys.joined("a", "b")).isEqualTo("a\nb");
    assertThat(SessionKeys.joined("a\n", "b")).isEqualTo("\u0000" + "2:a\n\n1:b\n");
    assertThat(SessionKeys.joined("a", "\u0000b")).startsWith("\u0000").isNotEqualTo(SessionKeys.joined("a\u0000", "b"));
  }

  /** Without a sid the run is broader, never narrower: every call of the user without one. */
  @Test
  void shouldKeepALoneSurrogateApartFromTheQuestionMarkUtf8WouldMakeOfIt() throws Exception {
    String lone = SessionKeys.hash(ScopeKey.PRINCIPAL, "alice\ud800");
    assertThat(lone).isNotEqualTo(SessionKeys.hash(ScopeKey.PRINCIPAL, "alice?"))
        .isNotEqualTo(SessionKeys.hash(ScopeKey.PRINCIPAL, "alice\ufffd"));
    assertThat(SessionKeys.hash(ScopeKey.PRINCIPAL, "alice\ud83d\ude00")) // a pair is plain UTF-8, as before
        .isEqualTo(utf8Hash(ScopeKey.PRINCIPAL + "\nalice\ud83d\ude00"));
  }

  /** The formula keys have always had: 128 bits of SHA-256 over the UTF-8 bytes, base64url. */
  private static String utf8Hash(String text) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
  }

  @Test
  void shouldFallBackToOneRunForEveryCallOfTheUserWithoutASid() {
    Scopes first = keys.of(check("2025-11-25", "E"), subject("alice", "agent-email", Map.of("jti", "t-1")));
    Scopes second = keys.of(check("2025-11-25", "G"), subject("alice", "agent-github", Map.of("jti", "t-2")));

    assertThat(first.run().source()).isEqualTo("principal");
    assertThat(first.run()).isEqualTo(second.run());
    assertThat(first.run().key()).isNotEqualTo(first.principal().key()).isNotEqualTo(first.session().key());
    assertThat(keys.of(check(null, null), subject("alice", Map.of("sid", ""))).run()).isEqualTo(first.run());
    assertThat(keys.of(check(null, null), subject("alice", Map.of("sid", 42))).run())
        .as("a sid that is no string names no run").isEqualTo(first.run());
    assertThat(keys.of(check(null, null), subject("bob", Map.of())).run()).isNotEqualTo(first.run());
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
