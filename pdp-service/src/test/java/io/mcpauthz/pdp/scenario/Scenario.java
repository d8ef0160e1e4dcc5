package io.mcpauthz.pdp.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One scenario file ({@code src/test/resources/scenarios/<kind>/<case>.yaml}) run one way: a
 * request as Envoy sends it ({@code given}) and what the PDP must answer and record ({@code then}).
 *
 * @param name         the file's path under {@code scenarios/}, plus how the body travels
 * @param packAsBytes  the body travels in {@code raw_body}, as with Envoy's {@code pack_as_bytes}
 */
record Scenario(String name, Given given, Then then, boolean packAsBytes) {

  @Override
  public String toString() {
    return name;
  }

  /** The file as written. */
  record File(String description, Given given, Then then) {}

  /**
   * @param subject         {@code anonymous}, or {sub, roles, amr, scope, client_id, claims, audience, token}
   *                        where {@code token} names a bad credential (foreign, expired, basic, garbage)
   *                        and {@code audience} the servers the token is for (default: every server)
   * @param path            the request path as the client sent it, query included (default /mcp)
   * @param body            the JSON-RPC body as text
   * @param rawBody         body bytes, one per character (write {@code \xNN}); implies raw_body
   * @param padBodyToBytes  appends spaces (valid JSON whitespace) until the body has this size
   *                        in UTF-8 bytes, or with {@code padWith}, fills the body's {@code {{pad}}}
   * @param padWith         the text repeated into {@code {{pad}}} (e.g. a non-BMP character)
   * @param packAsBytes     null: POST scenarios run both ways
   */
  record Given(
      JsonNode subject,
      String method,
      String server,
      String source,
      String path,
      Map<String, String> headers,
      String body,
      String rawBody,
      Integer padBodyToBytes,
      String padWith,
      Boolean packAsBytes) {

    static final String PAD = "{{pad}}";

    String httpMethod() {
      return method == null ? "POST" : method;
    }

    String bodyText() {
      String text = body == null ? "" : body;
      if (padBodyToBytes == null) {
        return text;
      }
      if (padWith == null) {
        return text + " ".repeat(padBodyToBytes - utf8Length(text));
      }
      int missing = padBodyToBytes - utf8Length(text.replace(PAD, ""));
      return text.replace(PAD, padWith.repeat(missing / utf8Length(padWith)));
    }

    private static int utf8Length(String text) {
      return text.getBytes(StandardCharsets.UTF_8).length;
    }

    byte[] rawBytes() {
      return rawBody.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * @param decision       allow or deny
   * @param error          the single JSON-RPC error body of a deny
   * @param errors         the array body of a denied batch, in order
   * @param headersSet     on allow: the names of the headers set upstream
   * @param headersRemoved on allow: the names of the headers removed
   * @param wwwAuthenticate on deny: the challenge's prefix; absent means no challenge
   * @param events         one per judged message, in order: {@code reasons} lists codes, other
   *                       keys are dotted paths into the event ({@code mcp.tool}), null = absent
   */
  record Then(
      String decision,
      int status,
      RpcError error,
      List<RpcError> errors,
      List<String> headersSet,
      List<String> headersRemoved,
      String wwwAuthenticate,
      List<Map<String, Object>> events) {

    boolean allowed() {
      return "allow".equals(decision);
    }
  }

  /** A JSON-RPC error response: the {@code id} answered, {@code error.code}, {@code error.data.reasons}. */
  record RpcError(JsonNode id, int code, List<String> reasons) {}
}
