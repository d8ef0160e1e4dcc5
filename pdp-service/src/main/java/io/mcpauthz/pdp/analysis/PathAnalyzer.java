package io.mcpauthz.pdp.analysis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Judges a string as an absolute path: percent-decoded once, then normalised, as
 * {@code {"valid": true, "normalised": "/srv/data/a.txt"}} or {@code {"valid": false, "error": …}}.
 * Whatever a file server could read differently from the PDP is refused rather than resolved:
 * encoded separators, double encoding, backslashes, control characters and {@code ..} segments
 * (resolving {@code link/..} lexically is wrong when {@code link} is a symlink).
 */
final class PathAnalyzer {

  static final int MAX_LENGTH = 4096;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern ENCODED_BYTE = Pattern.compile("%[0-9A-Fa-f]{2}");
  /** "..", and what Windows trims to it (".. ", "..."). */
  private static final Pattern DOT_DOT = Pattern.compile("\\.\\.[. ]*");

  private PathAnalyzer() {}

  static ObjectNode analyse(String raw) {
    if (raw.isEmpty()) {
      return invalid("empty");
    }
    if (raw.length() > MAX_LENGTH) {
      return invalid("too_long");
    }
    Decoded decoded = decode(raw);
    if (decoded.error() != null) {
      return invalid(decoded.error());
    }
    String path = decoded.text();
    if (!path.startsWith("/")) {
      return invalid("not_absolute");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (DOT_DOT.matcher(segment).matches()) {
        return invalid("dot_dot_segment");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    String normalised = "/" + String.join("/", segments);
    if (path.endsWith("/") && !segments.isEmpty()) {
      normalised += "/";
    }
    return JSON.objectNode().put("valid", true).put("normalised", normalised);
  }

  static ObjectNode invalid(String error) {
    return JSON.objectNode().put("valid", false).put("error", error);
  }

  /** Percent-decodes once; the text, or the reason it cannot be read one way only. */
  static Decoded decode(String raw) {
    if (raw.chars().noneMatch(c -> c == '%' || c == '\\' || isControl((char) c) || Character.isSurrogate((char) c))) {
      return new Decoded(raw, null); // nothing to decode or refuse: the common case, without copying
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (isControl(c)) {
        return Decoded.failed("control_character");
      }
      if (c == '\\') {
        return Decoded.failed("backslash");
      }
      if (c != '%') {
        int codePoint = raw.codePointAt(i);
        if (Character.isSurrogate((char) codePoint)) {
          return Decoded.failed("not_utf8"); // a lone surrogate, from a JSON escape
        }
        bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint) - 1;
        continue;
      }
      if (i + 2 >= raw.length() || !ENCODED_BYTE.matcher(raw.substring(i, i + 3)).matches()) {
        return Decoded.failed("bad_percent_encoding");
      }
      int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
      if (b == '/' || b == '\\') {
        return Decoded.failed("encoded_separator");
      }
      if (b < 0x20 || b == 0x7f) {
        return Decoded.failed("control_character");
      }
      bytes.write(b);
      i += 2;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return Decoded.failed("not_utf8");
    }
    if (ENCODED_BYTE.matcher(text).find()) {
      return Decoded.failed("double_encoding");
    }
    if (text.chars().anyMatch(ch -> isControl((char) ch))) {
      return Decoded.failed("control_character");
    }
    return new Decoded(text, null);
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c >= 0x7f && c <= 0x9f;
  }

  record Decoded(String text, String error) {
    static Decoded failed(String error) {
      return new Decoded(null, error);
    }
  }
}
