package io.mcpauthz.audit.store;

/** Row order by (time, decision_id): searches are newest first, timelines oldest first. */
public enum SortOrder {
  NEWEST_FIRST("DESC", "<"),
  OLDEST_FIRST("ASC", ">");

  final String direction;
  final String after;

  SortOrder(String direction, String after) {
    this.direction = direction;
    this.after = after;
  }
}
