package io.mcpauthz.pdp.request;

import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.upstream.UpstreamConfig;
import io.mcpauthz.pep.port.HttpCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the raw request once and takes the credentials out of it, so that every later step
 * (input, events, logs, challenges) works on a request that holds none.
 */
@ApplicationScoped
public class RequestDoor {

  /** Never shown to the policy or stored, whatever the configuration says. */
  static final Set<String> ALWAYS_HIDDEN = Set.of("authorization", "cookie", "proxy-authorization");

  /** Headers in this namespace are the PDP's to set; a client's copy is never believed or forwarded. */
  static final String OWN_PREFIX = "x-mcp-authz-";

  private final Set<String> stripped;
  private final Set<String> hidden;
  private final String upstreamHeader;
  private final Set<String> credentialParameters;

  RequestDoor(RequestConfig config, UpstreamConfig upstream) {
    this.stripped = lowerCase(config.stripHeaders());
    this.upstreamHeader = upstream.header().toLowerCase(Locale.ROOT);
    this.hidden = new LinkedHashSet<>(stripped);
    this.hidden.addAll(ALWAYS_HIDDEN);
    this.hidden.add(upstreamHeader);
    this.credentialParameters = CredentialQuery.normalisedNames(config.credentialParameters());
  }

  public RequestContext admit(HttpCheck raw) {
    Map<String, String> headers = new HashMap<>();
    List<String> removals = new ArrayList<>(stripped);
    raw.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean own = lower.startsWith(OWN_PREFIX);
      if (own && !removals.contains(lower)) {
        removals.add(lower);
      }
      if (!own && !hidden.contains(lower)) {
        headers.put(lower, value);
      }
    });
    CredentialQuery.Scan uri = CredentialQuery.scan(raw.path(), credentialParameters);
    ErrorCode refusal = uri.credentialFound() ? ErrorCode.TOKEN_IN_QUERY
        : uri.malformed() ? ErrorCode.QUERY_MALFORMED
        : SessionHeaders.ambiguous(headers) ? ErrorCode.HEADER_AMBIGUOUS : null;
    return new RequestContext(raw.with(uri.path(), Map.copyOf(headers)), raw.header("authorization"),
        List.copyOf(removals), refusal);
  }

  private static Set<String> lowerCase(List<String> names) {
    Set<String> lower = new LinkedHashSet<>();
    names.forEach(n -> lower.add(n.trim().toLowerCase(Locale.ROOT)));
    lower.remove("");
    return lower;
  }
}
