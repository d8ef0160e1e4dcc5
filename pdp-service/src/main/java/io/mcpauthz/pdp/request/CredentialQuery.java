package io.mcpauthz.pdp.request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds credentials in a request URI ({@code ?access_token=…}, which MCP forbids) the way any
 * server behind the proxy might read them: query parameters split on {@code &} and {@code ;},
 * path parameters after {@code ;}, names percent-decoded until stable (so {@code %2561} too),
 * case-folded, {@code .}, {@code -} and spaces read as {@code _} (as PHP does), {@code [..]}
 * suffixes and surrounding blanks ignored. Values found are replaced by {@code [REDACTED]}.
 */
final class CredentialQuery {

  static final String REDACTED = "[REDACTED]";

  private static final Pattern SEPARATORS = Pattern.compile("[&;]");
  private static final int MAX_DECODING_ROUNDS = 4;

  /**
   * @param path            the path with what remains of the URI, redacted
   * @param credentialFound a parameter named a credential
   * @param malformed       a parameter name does not decode (bad escape, not UTF-8): it might hide one
   */
  record Scan(String path, boolean credentialFound, boolean malformed) {}

  private CredentialQuery() {}

  static Set<String> normalisedNames(List<String> names) {
    Set<String> normalised = new HashSet<>();
    names.forEach(n -> normalised.add(normalise(n)));
    normalised.remove(null);
    normalised.remove("");
    return normalised;
  }

  static Scan scan(String path, Set<String> credentials) {
    if (path == null || (path.indexOf('?') < 0 && path.indexOf(';') < 0)) {
      return new Scan(path, false, false);
    }
    Scanner scanner = new Scanner(credentials);
    int query = path.indexOf('?');
    String beforeQuery = query < 0 ? path : path.substring(0, query);
    StringBuilder out = new StringBuilder(path.length());
    String[] segments = beforeQuery.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      out.append(i == 0 ? "" : "/").append(scanner.pathSegment(segments[i]));
    }
    if (query >= 0) {
      out.append('?').append(scanner.parameters(path.substring(query + 1)));
    }
    return new Scan(out.toString(), scanner.found, scanner.malformed);
  }

  /** Accumulates what one URI held. */
  private static final class Scanner {

    private final Set<String> credentials;
    private boolean found;
    private boolean malformed;

    Scanner(Set<String> credentials) {
      this.credentials = credentials;
    }

    /** {@code name;param=value;…}: the segment itself stays, its parameters are checked. */
    String pathSegment(String segment) {
      int semicolon = segment.indexOf(';');
      if (semicolon < 0) {
        return segment;
      }
      return segment.substring(0, semicolon + 1) + parameters(segment.substring(semicolon + 1));
    }

    /** {@code a=1&b=2;c=3}, separators kept as they were. */
    String parameters(String text) {
      StringBuilder out = new StringBuilder(text.length());
      var matcher = SEPARATORS.matcher(text);
      int start = 0;
      while (matcher.find()) {
        out.append(parameter(text.substring(start, matcher.start()))).append(matcher.group());
        start = matcher.end();
      }
      return out.append(parameter(text.substring(start))).toString();
    }

    private String parameter(String parameter) {
      int equals = parameter.indexOf('=');
      String rawName = equals < 0 ? parameter : parameter.substring(0, equals);
      String name = normalise(rawName);
      boolean credential = name != null && credentials.contains(name);
      found |= credential;
      malformed |= name == null;
      return credential || name == null ? rawName + "=" + REDACTED : parameter;
    }
  }

  /** The name as a lenient server would read it, or null when it does not decode. */
  static String normalise(String rawName) {
    String name = rawName;
    for (int round = 0; ; round++) {
      String decoded = decode(name);
      if (decoded == null || (round == MAX_DECODING_ROUNDS && !decoded.equals(name))) {
        return null;
      }
      if (decoded.equals(name)) {
        break;
      }
      name = decoded;
    }
    int bracket = name.indexOf('[');
    if (bracket >= 0) {
      name = name.substring(0, bracket);
    }
    // Upper then lower: folds the Kelvin sign, long s and dotted I the way case-insensitive servers do.
    name = name.strip().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return name.replace('.', '_').replace('-', '_').replace(' ', '_');
  }

  /** One round of form decoding ({@code +} is a space); null on a bad escape or bytes that are not UTF-8. */
  private static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high << 4 | low);
        i += 3;
      } else {
        int codePoint = c == '+' ? ' ' : text.codePointAt(i);
        bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
