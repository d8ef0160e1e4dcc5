package io.mcpauthz.pdp.request;

import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pep.port.HttpCheck;
import java.util.List;

/**
 * One request as the rest of the decision path may see it.
 *
 * @param check            the request without credentials: no credential or PDP-owned headers,
 *                         credential values in the URI replaced by {@code [REDACTED]}
 * @param authorization    the client's {@code authorization} header, held apart for identity only
 * @param upstreamRemovals headers the proxy must remove before forwarding an allowed request
 * @param refusal          why the request cannot be judged (a credential in the URI, an ambiguous
 *                         session header), or null
 */
public record RequestContext(HttpCheck check, String authorization, List<String> upstreamRemovals,
    ErrorCode refusal) {}
