package io.mcpauthz.audit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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

    // Trailing tokens would mean the stored text is not one JSON object.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public DecisionEvent parse(byte[] value) {
        String json = utf8(value);
        JsonNode root = readObject(json);
        if (!SCHEMA.equals(root.path("schema").textValue())) {
            throw new AuditException(ErrorCode.EVENT_SCHEMA_UNSUPPORTED, "schema is not " + SCHEMA);
        }
        String id = root.path("decision_id").textValue();
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new AuditException(ErrorCode.EVENT_DECISION_ID_MISSING, "decision_id missing or invalid");
        }
        JsonNode subject = root.path("subject");
        JsonNode mcp = root.path("mcp");
        return new DecisionEvent(id, time(root.path("time")), text(root, "decision"),
                status(root.path("status")), text(root, "action_class"), text(subject, "sub"),
                text(subject, "client_id"), text(root.path("route"), "server"), text(mcp, "tool"),
                text(mcp, "method"), text(mcp, "session_id"), reasonCodes(root.path("reasons")), json);
    }

    private static String utf8(byte[] value) {
        if (value == null || value.length == 0) {
            throw new AuditException(ErrorCode.EVENT_NOT_JSON, "empty record value");
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

    private static JsonNode readObject(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new AuditException(ErrorCode.EVENT_NOT_JSON, "record value is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new AuditException(ErrorCode.EVENT_NOT_JSON, "record value is not valid JSON");
        }
    }

    private static Instant time(JsonNode node) {
        if (!node.isTextual()) {
            throw new AuditException(ErrorCode.EVENT_TIME_INVALID, "time missing");
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
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

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isTextual() ? node.textValue() : null;
    }

    private static Integer status(JsonNode node) {
        return node.canConvertToInt() && node.isIntegralNumber() ? node.intValue() : null;
    }

    private static List<String> reasonCodes(JsonNode reasons) {
        List<String> codes = new ArrayList<>();
        for (JsonNode reason : reasons) {
            String code = text(reason, "code");
            if (code != null && !codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }
}
