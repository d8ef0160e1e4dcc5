package io.mcpauthz.audit.api;

/** Roles read from the token's {@code roles} claim. */
final class Roles {

  /** Decisions are sensitive: every API call needs this role. */
  static final String AUDITOR = "auditor";

  private Roles() {
  }
}
