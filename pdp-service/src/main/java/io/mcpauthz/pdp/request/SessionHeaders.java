package io.mcpauthz.pdp.request;

import java.util.List;
import java.util.Map;

/**
 * The headers that say whose session a call runs in, read one way only. Envoy hands a repeated
 * header over joined with {@code ","} (and replaces bytes that are not UTF-8 with {@code !}),
 * while Go's {@code Header.Get} and Python's {@code headers.get} read the first copy: two
 * {@code mcp-session-id: s-1} would key the PDP's state on {@code s-1,s-1}, a fresh, clean
 * session, while the server runs the call in {@code s-1}, quarantined or tainted. MCP allows
 * only visible ASCII in a session id and a date in the revision, so a comma or anything else
 * outside {@code !}..{@code ~} means the request cannot be judged.
 */
final class SessionHeaders {

  static final List<String> NAMES = List.of("mcp-session-id", "mcp-protocol-version");

  private SessionHeaders() {}

  /** True when one of {@link #NAMES} is present with a value some reader would read differently. */
  static boolean ambiguous(Map<String, String> headers) {
    return NAMES.stream().map(headers::get).anyMatch(value -> value != null && !plain(value));
  }

  private static boolean plain(String value) {
    return value.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
  }
}
