package io.mcpauthz.audit.api;

import java.util.List;

/** A session's events oldest first; next_cursor continues a long session, null at its end. */
public record Timeline(String sessionId, List<RawEvent> items, String nextCursor) {
}
