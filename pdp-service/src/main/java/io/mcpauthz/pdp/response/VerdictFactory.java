package io.mcpauthz.pdp.response;

import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.decision.Judgement;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pdp.upstream.UpstreamTokenMinter;
import io.mcpauthz.pep.port.HttpCheck;
import io.mcpauthz.pep.port.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place where judgements become what the proxy is told. A request is allowed only
 * when every message in it is.
 */
@ApplicationScoped
public class VerdictFactory {

  static final String DECISION_ID_HEADER = "x-mcp-authz-decision-id";

  private final UpstreamTokenMinter minter;
  private final Challenges challenges;

  VerdictFactory(UpstreamTokenMinter minter, Challenges challenges) {
    this.minter = minter;
    this.challenges = challenges;
  }

  /** The claims of the upstream assertion when every judgement allows the request, else null. */
  public ObjectNode upstreamClaims(Subject subject, String server, List<Judgement> judgements) {
    if (judgements.isEmpty() || judgements.stream().anyMatch(j -> !j.allowed())) {
      return null;
    }
    return minter.claims(subject, server, tool(judgements), decisionIds(judgements));
  }

  /**
   * @param strip    headers to remove upstream on allow (credentials, client copies of the PDP's own)
   * @param upstream {@link #upstreamClaims}: signed into the assertion on allow
   */
  public Verdict verdict(HttpCheck check, String server, Subject subject, List<Judgement> judgements,
      List<String> strip, ObjectNode upstream) {
    String decisionIds = decisionIds(judgements);
    String tool = tool(judgements);
    Judgement refused = judgements.stream().filter(j -> !j.allowed()).findFirst().orElse(null);
    Map<String, String> metadata = new HashMap<>();
    metadata.put("decision_id", decisionIds);
    metadata.put("decision", refused == null ? "allow" : "deny");
    metadata.put("tool", tool);
    if (refused == null && upstream != null) {
      return allow(upstream, decisionIds, metadata, strip);
    }
    if (refused == null) { // nothing judged: never an allow
      throw new IllegalStateException("a verdict needs at least one judgement");
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put(DECISION_ID_HEADER, decisionIds);
    if (refused.refusal() == ErrorCode.BUDGET_EXCEEDED) {
      headers.put("retry-after", String.valueOf(retryAfterSeconds(refused)));
    }
    String challenge = challenges.wwwAuthenticate(check, server, refused);
    if (challenge != null) {
      headers.put("www-authenticate", challenge);
    }
    return new Verdict.Deny(decisionIds, refused.status(), headers, JsonRpcErrors.body(judgements).toString(), metadata);
  }

  /** From the policy's (or the store's) {@code retry_after_s}; a minute when it names none. */
  private static long retryAfterSeconds(Judgement refused) {
    return refused.policy() == null ? 60 : Math.max(1, refused.policy().obligations().path("retry_after_s").asLong(60));
  }

  /** No token passthrough: the client's credential is replaced by a minted assertion. */
  private Verdict allow(ObjectNode upstream, String decisionIds, Map<String, String> metadata, List<String> strip) {
    String header = minter.headerName().toLowerCase(Locale.ROOT);
    Map<String, String> set = Map.of(
        DECISION_ID_HEADER, decisionIds,
        header, "Bearer " + minter.sign(upstream));
    // The client's authorization goes: overwritten when it carries the minted token, else removed.
    Set<String> remove = new LinkedHashSet<>(strip);
    remove.add("authorization");
    // Envoy removes after it sets: a header both set and removed would not reach the server.
    remove.removeAll(set.keySet());
    return new Verdict.Allow(decisionIds, List.copyOf(remove), set, metadata);
  }

  private static String decisionIds(List<Judgement> judgements) {
    return judgements.stream().map(Judgement::decisionId).collect(Collectors.joining(","));
  }

  private static String tool(List<Judgement> judgements) {
    McpMessage message = judgements.size() == 1 ? judgements.get(0).message() : null;
    return message == null ? null : message.toolName();
  }
}
