package io.mcpauthz.pdp.session;

/** {@code denies} denies within {@code window} quarantine the scope for {@code forMillis}. */
public record QuarantineRule(String scope, int denies, Window window, long forMillis) {}
