package io.mcpauthz.pep.port;

import io.smallrye.mutiny.Uni;

/**
 * The port the PEP calls for every request. Implementations must never block the calling
 * (event-loop) thread and must always end in a {@link Verdict}: a failed {@link Uni} is treated
 * as "cannot decide" and denied.
 */
public interface DecisionPoint {

  Uni<Verdict> decide(HttpCheck check);

  /**
   * Denies, and records like any other decision, a request whose judging failed: {@link #decide}
   * threw or failed, or the request could not even be read ({@code check} then holds only what
   * was safe to take from it). Must not block.
   */
  Verdict unavailable(HttpCheck check, Throwable failure);
}
