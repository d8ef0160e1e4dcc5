package io.mcpauthz.pdp;

/** The one exception of the decision path: the PDP refuses the request with this code. */
public class DecisionException extends RuntimeException {

  private final ErrorCode code;

  public DecisionException(ErrorCode code, String detail) {
    super(code.code() + ": " + detail, null, false, false);
    this.code = code;
  }

  public DecisionException(ErrorCode code, String detail, Throwable cause) {
    super(code.code() + ": " + detail, cause, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
