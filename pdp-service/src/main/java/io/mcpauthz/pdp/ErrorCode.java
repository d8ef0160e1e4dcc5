package io.mcpauthz.pdp;

/**
 * Every way the PDP can refuse a request without a policy verdict, plus the policy deny itself.
 * The code is the stable name used as reason code in events, as log key and as metric label;
 * it maps once to the HTTP status and JSON-RPC error code the caller sees.
 */
public enum ErrorCode {
  CALLER_NOT_TRUSTED(403, -32010, "Forbidden: the proxy is not a trusted caller of the authorization service"),
  BODY_MISSING(400, -32600, "Request body is missing"),
  BODY_MALFORMED(400, -32700, "Parse error: body is not valid JSON"),
  BODY_NOT_UTF8(400, -32700, "Parse error: body is not UTF-8"),
  BODY_DUPLICATE_KEY(400, -32600, "Invalid request: duplicate JSON object key"),
  BODY_KEY_COLLISION(400, -32600, "Invalid request: JSON object keys that differ only in letter case"),
  BODY_AMBIGUOUS(400, -32600, "Invalid request: a JSON value that MCP implementations read differently"),
  BODY_TOO_DEEP(400, -32600, "Invalid request: JSON nesting too deep"),
  BODY_TOO_LARGE(413, -32600, "Invalid request: body too large"),
  BODY_TRUNCATED(413, -32600, "Invalid request: body was truncated by the proxy and cannot be judged"),
  BODY_ENCODED(415, -32600, "Invalid request: a body with a content-encoding cannot be judged; send it uncompressed"),
  JSONRPC_INVALID(400, -32600, "Invalid request: not a valid JSON-RPC 2.0 message"),
  BATCH_NOT_ALLOWED(400, -32600, "Invalid request: JSON-RPC batches are not allowed in this protocol revision"),
  BATCH_TOO_LARGE(413, -32600, "Invalid request: too many messages in one JSON-RPC batch"),
  HEADER_MISMATCH(400, -32020, "Invalid request: MCP headers do not match the body"),
  HEADER_AMBIGUOUS(400, -32600, "Invalid request: an MCP session or protocol header is repeated or not visible ASCII"),
  HTTP_METHOD_NOT_ALLOWED(405, -32600, "Invalid request: HTTP method not allowed for MCP"),
  TOKEN_IN_QUERY(400, -32600, "Invalid request: no credentials in the URI; use the authorization header"),
  QUERY_MALFORMED(400, -32600, "Invalid request: malformed query string"),
  TOKEN_MISSING(401, -32011, "Authentication required"),
  TOKEN_INVALID(401, -32011, "Authentication failed: invalid token"),
  POLICY_DENIED(403, -32010, "Forbidden by policy"),
  INSUFFICIENT_SCOPE(403, -32010, "Forbidden: insufficient scope"),
  SESSION_NOT_OWNED(403, -32010, "Forbidden: the MCP session belongs to another principal"),
  BUDGET_EXCEEDED(429, -32012, "Too many requests: a policy budget is exhausted"),
  OPA_UNAVAILABLE(503, -32603, "Authorization is unavailable"),
  OPA_TIMEOUT(503, -32603, "Authorization is unavailable"),
  POLICY_NOT_LOADED(503, -32603, "Authorization is unavailable"),
  DECISION_UNDEFINED(503, -32603, "Authorization is unavailable"),
  DECISION_MALFORMED(503, -32603, "Authorization is unavailable"),
  DECISION_TIMEOUT(503, -32603, "Authorization is unavailable"),
  SESSION_STATE_UNAVAILABLE(503, -32603, "Authorization is unavailable"),
  /** The decision could not be recorded: the event spool is full or cannot be written (fail-closed). */
  AUDIT_UNAVAILABLE(503, -32603, "Authorization is unavailable"),
  INTERNAL_ERROR(503, -32603, "Authorization is unavailable");

  private final int httpStatus;
  private final int jsonRpcCode;
  private final String message;

  ErrorCode(int httpStatus, int jsonRpcCode, String message) {
    this.httpStatus = httpStatus;
    this.jsonRpcCode = jsonRpcCode;
    this.message = message;
  }

  /** The snake_case name, e.g. {@code body_malformed}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int jsonRpcCode() {
    return jsonRpcCode;
  }

  /** Safe for callers: says what is wrong, never how the PDP failed inside. */
  public String message() {
    return message;
  }
}
