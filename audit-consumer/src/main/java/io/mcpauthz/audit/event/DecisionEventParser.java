package io.mcpauthz.audit.event;

import com.fasterxml.jackson.core.JsonFactory;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.DateTimeException;

/**
 * Turns a Kafka record value into a {@link DecisionEvent}, checking only what indexing needs
 * ({@code schema}, {@code decision_id}, {@code time}). Rejections throw {@link AuditException}
 * with an {@code event_*} code and a message that never quotes the event (it may hold secrets).
 */
public final class DecisionEventParser {

  public static final String SCHEMA = "mcp-authz.decision/v1";
  static final int MAX_ID_LENGTH = 256;
  // RFC 3339 has four-digit years; both stores (DuckDB, PostgreSQL) and every SIEM hold these.
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  // Streaming, not a tree: the index needs a dozen fields of the event, not all of them.
  private static final JsonFactory FACTORY = new JsonFactory();

  public DecisionEvent parse(byte[] value) {
    String json = utf8(value);
    SearchText.Collector parser = collector(value, json);
    IndexedFields fields = readObject(parser);
    if (!SCHEMA.equals(fields.schema)) {
      throw new AuditException(ErrorCode.EVENT_SCHEMA_UNSUPPORTED, "schema is not " + SCHEMA);
    }
    String id = fields.decisionId;
    if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new AuditException(ErrorCode.EVENT_DECISION_ID_MISSING, "decision_id missing or invalid");
    }
    return new DecisionEvent(id, time(fields.time), fields.decision, fields.status, fields.actionClass,
        fields.subject, fields.clientId, fields.server, fields.tool, fields.mcpMethod, fields.sessionId,
        fields.reasons, json, parser.text());
  }

  // One pass: the indexed fields are read through the collector, which keeps the search text.
  private static SearchText.Collector collector(byte[] value, String json) {
    try {
      return new SearchText.Collector(readsAsUtf8(value) ? FACTORY.createParser(value) : FACTORY.createParser(json));
    } catch (IOException e) {
      throw new AuditException(ErrorCode.EVENT_NOT_JSON, "record value is not valid JSON");
    }
  }

  private static String utf8(byte[] value) {
    if (value == null || value.length == 0) {
      throw new AuditException(ErrorCode.EVENT_NOT_JSON, "empty record value");
    }
    // The fast way replaces malformed input with U+FFFD, so a text without one was valid UTF-8;
    // one with it (which may be genuine) is checked strictly.
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      throw new AuditException(ErrorCode.EVENT_NOT_JSON, "record value is not UTF-8");
    }
  }

  private static IndexedFields readObject(SearchText.Collector parser) {
    IndexedFields fields;
    try (parser) {
      fields = IndexedFields.read(parser);
    } catch (IOException e) {
      throw new AuditException(ErrorCode.EVENT_NOT_JSON, "record value is not valid JSON");
    }
    if (fields == null) {
      throw new AuditException(ErrorCode.EVENT_NOT_JSON, "record value is not a JSON object");
    }
    return fields;
  }

  /**
   * Whether Jackson reads these bytes as UTF-8, as the text was decoded: it guesses UTF-16 or
   * UTF-32 from a BOM or from zero bytes among the first four, none of which can follow a
   * leading '{' and a non-zero byte. The bytes parser is the cheaper one; any other value is
   * parsed from the decoded text (as JSON it is invalid or not an object anyway).
   */
  static boolean readsAsUtf8(byte[] value) {
    return value.length > 1 && value[0] == '{' && value[1] != 0;
  }

  private static Instant time(String text) {
    if (text == null) {
      throw new AuditException(ErrorCode.EVENT_TIME_INVALID, "time missing");
    }
    Instant time;
    try {
      time = EventTime.parse(text);
    } catch (DateTimeException e) {
      throw new AuditException(ErrorCode.EVENT_TIME_INVALID, "time is not an ISO-8601 timestamp");
    }
    if (!storable(time)) {
      throw new AuditException(ErrorCode.EVENT_TIME_INVALID, "time is outside years 0001 to 9999");
    }
    return time;
  }

  /** Within the four-digit years of RFC 3339, which every store and SIEM can hold. */
  public static boolean storable(Instant time) {
    return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
  }
}
