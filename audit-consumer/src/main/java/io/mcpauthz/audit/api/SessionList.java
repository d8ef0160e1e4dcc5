package io.mcpauthz.audit.api;

import java.util.List;

/**
 * {@code {"items": [session…], "more": false}}: sessions with their first and last decision
 * (ISO-8601), counts and participants, latest activity first; {@code more} says the limit cut it.
 */
public record SessionList(List<Item> items, boolean more) {

  public record Item(String sessionId, String firstTime, String lastTime, long decisions, long denies,
      List<String> subjects, List<String> clientIds) {
  }
}
