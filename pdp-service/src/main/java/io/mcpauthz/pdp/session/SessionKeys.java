package io.mcpauthz.pdp.session;

import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pep.port.HttpCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Whose history a call belongs to. The principal is the acting pair (issuer, subject, client
 * id). The session is the {@code mcp-session-id}; where the revision has no sessions, a token
 * claim ({@code sid}, else {@code jti}), else the principal's whole history. The run is the
 * identity provider's login session ({@code sid}), shared by every per-server token of one
 * agent run. A session and a run are always bound to their owner, so a caller who sends another
 * user's session id, or holds a token with another user's {@code sid}, reads and taints its own
 * history, never theirs.
 */
@ApplicationScoped
public class SessionKeys {

  private final SessionConfig config;

  public SessionKeys(SessionConfig config) {
    this.config = config;
  }

  public Scopes of(HttpCheck check, Subject subject) {
    String principal = principal(subject);
    ScopeKey principalKey = principal == null ? null
        : new ScopeKey(ScopeKey.PRINCIPAL, hash(ScopeKey.PRINCIPAL, principal), ScopeKey.PRINCIPAL);
    return new Scopes(session(check, subject, principal), run(subject), principalKey);
  }

  /**
   * Who would own the session the call names on the route's server; null without a usable
   * session id or a principal.
   */
  public SessionClaim claim(HttpCheck check, Subject subject, String server) {
    String sessionId = sessionId(check);
    if (sessionId == null || !subject.authenticated()) {
      return null;
    }
    return new SessionClaim(hash("session-id", joined(server, sessionId)), hash(ScopeKey.PRINCIPAL, principal(subject)));
  }

  /** The acting pair (issuer, subject, client id), or null for an anonymous caller. */
  private static String principal(Subject subject) {
    return subject.authenticated()
        ? joined(nonNull(subject.iss()), nonNull(subject.sub()), nonNull(subject.clientId())) : null;
  }

  /** The {@code mcp-session-id} where it names the session: present, and the revision has sessions. */
  private String sessionId(HttpCheck check) {
    String sessionId = check.header("mcp-session-id");
    String revision = check.header("mcp-protocol-version");
    boolean sessionless = revision != null && config.sessionlessRevisions().contains(revision);
    return sessionId != null && !sessionId.isEmpty() && !sessionless ? sessionId : null;
  }

  /**
   * None for an anonymous caller: it picks its session id freely (so a history under it guards
   * nothing), and each id it made up would take a place in the bounded store, pushing out the
   * sessions of signed-in users.
   */
  private ScopeKey session(HttpCheck check, Subject subject, String principal) {
    if (principal == null) {
      return null;
    }
    String sessionId = sessionId(check);
    if (sessionId != null) {
      return sessionKey(subject, "mcp-session-id", sessionId);
    }
    for (String claim : config.fallbackClaims()) {
      Object value = subject.claims().get(claim);
      if (value instanceof String text && !text.isEmpty()) {
        return sessionKey(subject, claim, text);
      }
    }
    return sessionKey(subject, ScopeKey.PRINCIPAL, "");
  }

  /**
   * The run: the first of {@code run-claims} ({@code sid}: one login, it survives refreshes and
   * every per-server token of the run carries it), bound to issuer and subject. Not to the
   * client id: an agent may hold one client per MCP server, all in one login. Without the claim,
   * every call of the user without it is one run ({@code key_source: principal}): broader than a
   * run, so a flow on this scope errs toward denying. None for an anonymous caller.
   */
  private ScopeKey run(Subject subject) {
    if (!subject.authenticated()) {
      return null;
    }
    for (String claim : config.runClaims()) {
      if (subject.claims().get(claim) instanceof String text && !text.isEmpty()) {
        return runKey(subject, claim, text);
      }
    }
    return runKey(subject, ScopeKey.PRINCIPAL, "");
  }

  /** Each part prefixed by its length: no claim value can end one part and start the next. */
  private static ScopeKey runKey(Subject subject, String source, String value) {
    String identity = lengthPrefixed(nonNull(subject.iss()), nonNull(subject.sub()), source, value);
    return new ScopeKey(ScopeKey.RUN, hash(ScopeKey.RUN, identity), source);
  }

  /** Owned by the principal: its three parts, then where the session's name comes from and the name. */
  private static ScopeKey sessionKey(Subject subject, String source, String value) {
    String identity = joined(nonNull(subject.iss()), nonNull(subject.sub()), nonNull(subject.clientId()), source, value);
    return new ScopeKey(ScopeKey.SESSION, hash(ScopeKey.SESSION, identity), source);
  }

  /**
   * The parts one per line, as keys have always been made, while no part holds a line break (or
   * NUL): then the lines give the parts back, so no two identities share a key, and every key
   * stored so far (Redis keeps state and session owners across an upgrade) stays the same. A
   * part with a line break could end one part and start the next (a subject {@code "alice\nbot"}
   * with no client id would be alice's client {@code bot}); such identities are framed instead,
   * each part prefixed by its length, after a NUL that no unframed key starts with.
   */
  static String joined(String... parts) {
    boolean plain = true;
    for (String part : parts) {
      plain &= part.indexOf('\n') < 0 && part.indexOf('\0') < 0;
    }
    return plain ? String.join("\n", parts) : '\0' + lengthPrefixed(parts);
  }

  private static String lengthPrefixed(String... parts) {
    StringBuilder framed = new StringBuilder();
    for (String part : parts) {
      framed.append(part.length()).append(':').append(part).append('\n');
    }
    return framed.toString();
  }

  /**
   * 128 bits of SHA-256, base64url: the same on every replica, and no raw token id in a store key.
   * Over the UTF-8 bytes, unless the text holds a lone surrogate (a signed claim may: JSON can
   * escape one), which UTF-8 would turn into {@code ?}: then over 0xFF, which no UTF-8 holds, and
   * the UTF-16 units, so that such a subject never shares a key with the one spelt with {@code ?}.
   */
  static String hash(String scope, String identity) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes(scope + "\n" + identity));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    if (!hasLoneSurrogate(text)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] marked = new byte[1 + 2 * text.length()];
    marked[0] = (byte) 0xFF;
    for (int i = 0; i < text.length(); i++) {
      marked[1 + 2 * i] = (byte) (text.charAt(i) >> 8);
      marked[2 + 2 * i] = (byte) text.charAt(i);
    }
    return marked;
  }

  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
