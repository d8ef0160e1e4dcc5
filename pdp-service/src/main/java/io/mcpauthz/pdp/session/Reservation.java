package io.mcpauthz.pdp.session;

/** The outcome of reserving a call's budgets: granted, or the first budget at its limit. */
public record Reservation(Budget exceeded, long used, long retryAfterSeconds) {

  public static final Reservation GRANTED = new Reservation(null, 0, 0);

  public boolean granted() {
    return exceeded == null;
  }
}
