package io.mcpauthz.audit.api;

import java.util.List;

/** {@code {"items": [event…], "next_cursor": "…"}}; next_cursor is null on the last page. */
public record DecisionPage(List<RawEvent> items, String nextCursor) {
}
