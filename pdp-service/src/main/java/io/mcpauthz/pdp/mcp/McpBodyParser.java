package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a POST body into JSON-RPC messages, strictly and once: UTF-8 only, no duplicate keys,
 * no keys that collide under case folding, no values readers decode differently, bounded
 * nesting and size. A batch is only accepted where the protocol revision allows it, and only
 * up to a number of messages.
 */
public final class McpBodyParser {

  /** The only revision whose transport allowed JSON-RPC batches. */
  static final String BATCH_REVISION = "2025-03-26";

  private final ObjectMapper mapper;
  private final int maxBytes;
  private final int maxBatchMessages;

  public McpBodyParser(int maxBytes, int maxDepth, int maxBatchMessages) {
    this.maxBytes = maxBytes;
    this.maxBatchMessages = maxBatchMessages;
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxDocumentLength(maxBytes)
            .build())
        .build();
    this.mapper = new ObjectMapper(factory);
  }

  /**
   * @param protocolVersion the {@code mcp-protocol-version} header, or null (taken as 2025-03-26,
   *     as the transport specification says)
   * @throws AmbiguousBodyException for colliding keys, with what the body means to Go servers
   */
  public List<McpMessage> parse(byte[] body, String protocolVersion) {
    if (body.length == 0) {
      throw new DecisionException(ErrorCode.BODY_MISSING, "empty body");
    }
    if (body.length > maxBytes) {
      throw new DecisionException(ErrorCode.BODY_TOO_LARGE, body.length + " bytes");
    }
    List<JsonNode> values = readValues(body, protocolVersion);
    List<McpMessage> messages = new ArrayList<>(values.size());
    try {
      for (JsonNode value : values) {
        UnambiguousJson.check(value);
        messages.add(JsonRpc.toMessage(value));
      }
    } catch (DecisionException e) {
      if (e.code() == ErrorCode.BODY_KEY_COLLISION) {
        throw new AmbiguousBodyException(e, CaseInsensitiveReading.of(values));
      }
      throw e;
    }
    return messages;
  }

  /** The body's one value, or its batch's members: counted as they are read, not after. */
  private List<JsonNode> readValues(byte[] body, String protocolVersion) {
    requireUtf8(body);
    try (JsonParser parser = mapper.createParser(body)) {
      List<JsonNode> values = new ArrayList<>();
      if (parser.nextToken() == JsonToken.START_ARRAY) {
        requireBatchAllowed(protocolVersion);
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (values.size() == maxBatchMessages) {
            throw new DecisionException(ErrorCode.BATCH_TOO_LARGE, "over " + maxBatchMessages + " messages");
          }
          values.add(mapper.readTree(parser));
        }
        if (values.isEmpty()) {
          throw new DecisionException(ErrorCode.JSONRPC_INVALID, "empty batch");
        }
      } else {
        values.add(mapper.readTree(parser));
      }
      if (values.get(0) == null || parser.nextToken() != null) {
        throw new DecisionException(ErrorCode.BODY_MALFORMED, "not exactly one JSON value");
      }
      return values;
    } catch (StreamConstraintsException e) {
      ErrorCode code = e.getMessage().contains("nesting") ? ErrorCode.BODY_TOO_DEEP : ErrorCode.BODY_TOO_LARGE;
      throw new DecisionException(code, e.getOriginalMessage());
    } catch (JsonParseException e) {
      throw parseFailure(e.getOriginalMessage());
    } catch (IOException e) {
      throw new DecisionException(ErrorCode.BODY_MALFORMED, e.getMessage());
    }
  }

  private static void requireBatchAllowed(String protocolVersion) {
    if (protocolVersion != null && !BATCH_REVISION.equals(protocolVersion)) {
      throw new DecisionException(ErrorCode.BATCH_NOT_ALLOWED, "revision " + protocolVersion);
    }
  }

  private static void requireUtf8(byte[] body) {
    // JSON text starts with an ASCII character, so UTF-16/32 always shows a zero byte early.
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        throw new DecisionException(ErrorCode.BODY_NOT_UTF8, "zero byte in the first characters");
      }
    }
    if (!Utf8.isValid(body)) {
      throw new DecisionException(ErrorCode.BODY_NOT_UTF8, "malformed UTF-8");
    }
    // Jackson skips a UTF-8 byte order mark, Go's encoding/json refuses the body: refuse it here too
    if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
      throw new DecisionException(ErrorCode.BODY_MALFORMED, "byte order mark");
    }
  }

  private static DecisionException parseFailure(String message) {
    if (message.startsWith("Duplicate field")) {
      return new DecisionException(ErrorCode.BODY_DUPLICATE_KEY, message);
    }
    if (message.contains("surrogate")) { // an escaped lone surrogate in a key
      return new DecisionException(ErrorCode.BODY_AMBIGUOUS, message);
    }
    if (message.contains("UTF-8") || message.contains("UTF8")) {
      return new DecisionException(ErrorCode.BODY_NOT_UTF8, message);
    }
    return new DecisionException(ErrorCode.BODY_MALFORMED, message);
  }
}
