package io.mcpauthz.pdp.session;

/** One budget the policy asks the store to reserve: at most {@code limit} calls on a counter per window. */
public record Budget(String id, String scope, String counter, Window window, long limit) {}
