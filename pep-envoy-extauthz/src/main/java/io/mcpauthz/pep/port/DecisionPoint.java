package io.mcpauthz.pep.port;

import io.smallrye.mutiny.Uni;

/**
 * The port the PEP calls for every request. Implementations must never block the calling
 * (event-loop) thread and must always end in a {@link Verdict}: a failed {@link Uni} is treated
 * as "cannot decide" and denied.
 */
public interface DecisionPoint {

  Uni<Verdict> decide(HttpCheck check);
}
