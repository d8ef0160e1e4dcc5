package io.mcpauthz.pdp.mcp;

import io.mcpauthz.pdp.DecisionException;
import java.util.List;

/** A body refused because readers disagree on it, with the messages it means to the lenient ones. */
public final class AmbiguousBodyException extends DecisionException {

  private final transient List<McpMessage> meaning;

  AmbiguousBodyException(DecisionException cause, List<McpMessage> meaning) {
    super(cause.code(), "read differently by case-insensitive decoders", cause);
    this.meaning = List.copyOf(meaning);
  }

  /** The messages to record the refusal with; empty when the body means no valid message. */
  public List<McpMessage> meaning() {
    return meaning;
  }
}
