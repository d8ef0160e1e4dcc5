package io.mcpauthz.audit.store;

import java.util.List;

/** One stats group: bucket start (epoch micros), the group values in group_by order, the count. */
public record StatsRow(long bucketMicros, List<Object> groups, long count) {
}
