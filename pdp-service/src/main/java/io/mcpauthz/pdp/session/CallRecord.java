package io.mcpauthz.pdp.session;

import java.util.List;

/**
 * One judged call as the store remembers it.
 *
 * @param tool     {@code server/tool} for a tool call, else {@code server/method}
 * @param labels   sensitivity labels the call brings (recorded only when it is allowed)
 * @param counters counters it counts toward ({@code all}, {@code class:read}, {@code tool:crm/get_customer})
 * @param countsAsDeny false for denies that must not feed quarantine (a quarantined call itself)
 */
public record CallRecord(String decisionId, long time, String tool, String actionClass, boolean allowed,
    List<String> labels, List<String> counters, boolean countsAsDeny) {}
