package io.mcpauthz.audit.store;

import java.util.List;

/** One session of the trail: its first and last decision (epoch micros), counts and who took part. */
public record SessionSummary(String sessionId, long firstMicros, long lastMicros, long decisions, long denies,
    List<String> subjects, List<String> clientIds) {
}
