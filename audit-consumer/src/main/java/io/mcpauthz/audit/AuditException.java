package io.mcpauthz.audit;

/**
 * The one unchecked exception of this module. Its message is meant for the client and
 * must never carry event content or internal exception text.
 */
public class AuditException extends RuntimeException {

  private final ErrorCode code;

  public AuditException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public AuditException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
