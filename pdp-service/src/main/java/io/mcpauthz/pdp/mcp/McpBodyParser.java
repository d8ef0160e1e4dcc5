package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
 * bounded nesting and size. A batch is only accepted where the protocol revision allows it.
 */
public final class McpBodyParser {

  /** The only revision whose transport allowed JSON-RPC batches. */
  static final String BATCH_REVISION = "2025-03-26";

  private final ObjectMapper mapper;
  private final int maxBytes;

  public McpBodyParser(int maxBytes, int maxDepth) {
    this.maxBytes = maxBytes;
    JsonFactory factory = JsonFactory.builder()
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
   */
  public List<McpMessage> parse(byte[] body, String protocolVersion) {
    if (body.length == 0) {
      throw new DecisionException(ErrorCode.BODY_MISSING, "empty body");
    }
    if (body.length > maxBytes) {
      throw new DecisionException(ErrorCode.BODY_TOO_LARGE, body.length + " bytes");
    }
    JsonNode root = readTree(body);
    if (root.isArray()) {
      boolean allowed = protocolVersion == null || BATCH_REVISION.equals(protocolVersion);
      if (!allowed) {
        throw new DecisionException(ErrorCode.BATCH_NOT_ALLOWED, "revision " + protocolVersion);
      }
      if (root.isEmpty()) {
        throw new DecisionException(ErrorCode.JSONRPC_INVALID, "empty batch");
      }
      List<McpMessage> messages = new ArrayList<>(root.size());
      for (JsonNode element : root) {
        messages.add(JsonRpc.toMessage(element));
      }
      return messages;
    }
    return List.of(JsonRpc.toMessage(root));
  }

  private JsonNode readTree(byte[] body) {
    // JSON text starts with an ASCII character, so UTF-16/32 always shows a zero byte early.
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        throw new DecisionException(ErrorCode.BODY_NOT_UTF8, "zero byte in the first characters");
      }
    }
    if (!Utf8.isValid(body)) {
      throw new DecisionException(ErrorCode.BODY_NOT_UTF8, "malformed UTF-8");
    }
    try (JsonParser parser = mapper.createParser(body)) {
      JsonNode root = mapper.readTree(parser);
      if (root == null || parser.nextToken() != null) {
        throw new DecisionException(ErrorCode.BODY_MALFORMED, "not exactly one JSON value");
      }
      return root;
    } catch (StreamConstraintsException e) {
      ErrorCode code = e.getMessage().contains("nesting") ? ErrorCode.BODY_TOO_DEEP : ErrorCode.BODY_TOO_LARGE;
      throw new DecisionException(code, e.getOriginalMessage());
    } catch (JsonParseException e) {
      String message = e.getOriginalMessage();
      if (message.startsWith("Duplicate field")) {
        throw new DecisionException(ErrorCode.BODY_DUPLICATE_KEY, message);
      }
      if (message.contains("UTF-8") || message.contains("UTF8")) {
        throw new DecisionException(ErrorCode.BODY_NOT_UTF8, message);
      }
      throw new DecisionException(ErrorCode.BODY_MALFORMED, message);
    } catch (IOException e) {
      throw new DecisionException(ErrorCode.BODY_MALFORMED, e.getMessage());
    }
  }
}
