package io.mcpauthz.pep.port;

import java.util.List;
import java.util.Map;

/** What the proxy must do with a request: let it through changed, or answer it itself. */
public sealed interface Verdict {

  String decisionId();

  /** Flat string values the proxy records for its access log (decision_id, decision, tool). */
  Map<String, String> metadata();

  /**
   * Forward the request upstream.
   *
   * @param headersToSet    set (overwriting) on the upstream request
   * @param headersToRemove removed afterwards (Envoy applies removals last), so never list a
   *     header here that {@code headersToSet} sets
   */
  record Allow(
      String decisionId,
      List<String> headersToRemove,
      Map<String, String> headersToSet,
      Map<String, String> metadata)
      implements Verdict {}

  /** Answer the client directly with this status, headers and body. */
  record Deny(
      String decisionId,
      int status,
      Map<String, String> headers,
      String body,
      Map<String, String> metadata)
      implements Verdict {}
}
