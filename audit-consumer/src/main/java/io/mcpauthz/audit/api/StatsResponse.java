package io.mcpauthz.audit.api;

import java.util.List;
import java.util.Map;

/**
 * Counts per time bucket and group. Each item holds {@code bucket} (start, ISO-8601), one key
 * per group_by dimension and {@code count}; items are ordered by bucket, then count descending.
 */
public record StatsResponse(List<String> groupBy, String bucket, String from, String to,
    List<Map<String, Object>> items) {
}
