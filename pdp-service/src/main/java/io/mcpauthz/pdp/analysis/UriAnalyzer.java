package io.mcpauthz.pdp.analysis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Judges a string as an absolute URI (RFC 3986, ASCII only):
 * {@code {"valid": true, "scheme": "https", "host": "example.com", "port": null, "userinfo": false,
 * "path": {path analysis}, "query": false, "fragment": false, "normalised": "https://example.com/a"}}.
 * Host and scheme are lower-cased and a trailing dot dropped; non-ASCII (IDN must come as
 * punycode), whitespace, backslashes and hosts that are not plain names or IP literals are
 * refused, because URL parsers disagree on them.
 */
final class UriAnalyzer {

  static final int MAX_LENGTH = 8192;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

  private UriAnalyzer() {}

  static ObjectNode analyse(String raw) {
    String problem = rawProblem(raw);
    if (problem != null) {
      return PathAnalyzer.invalid(problem);
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      return PathAnalyzer.invalid("syntax");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    ObjectNode node = JSON.objectNode().put("valid", true).put("scheme", scheme);
    if (uri.isOpaque()) {
      return node.put("opaque", true).put("normalised", scheme + raw.substring(scheme.length()));
    }
    String host = "";
    if (uri.getRawAuthority() != null) {
      if (uri.getHost() == null) {
        return PathAnalyzer.invalid("bad_host"); // not a server-based authority
      }
      host = uri.getHost().toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
    }
    if (uri.getPort() > 65_535) {
      return PathAnalyzer.invalid("bad_port");
    }
    node.put("host", host);
    if (uri.getPort() >= 0) {
      node.put("port", uri.getPort());
    } else {
      node.putNull("port");
    }
    node.put("userinfo", uri.getRawUserInfo() != null);
    ObjectNode path = uri.getRawPath().isEmpty() ? JSON.objectNode().put("valid", true).put("normalised", "")
        : PathAnalyzer.analyse(uri.getRawPath());
    node.set("path", path);
    node.put("query", uri.getRawQuery() != null).put("fragment", uri.getRawFragment() != null);
    if (path.path("valid").asBoolean()) {
      node.put("normalised", normalised(uri, scheme, host, raw, path.path("normalised").asText()));
    }
    return node;
  }

  private static String rawProblem(String raw) {
    if (raw.isEmpty()) {
      return "empty";
    }
    if (raw.length() > MAX_LENGTH) {
      return "too_long";
    }
    if (!SCHEME.matcher(raw).lookingAt()) {
      return "not_a_uri";
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return c == ' ' ? "whitespace" : "control_character";
      }
      if (c > 0x7f) {
        return "non_ascii";
      }
      if (c == '\\') {
        return "backslash";
      }
    }
    return null;
  }

  private static String normalised(URI uri, String scheme, String host, String raw, String path) {
    StringBuilder out = new StringBuilder(scheme).append(':');
    if (raw.startsWith("//", scheme.length() + 1)) {
      out.append("//");
      if (uri.getRawUserInfo() != null) {
        out.append(uri.getRawUserInfo()).append('@');
      }
      out.append(host);
      if (uri.getPort() >= 0) {
        out.append(':').append(uri.getPort());
      }
    }
    out.append(path);
    if (uri.getRawQuery() != null) {
      out.append('?').append(uri.getRawQuery());
    }
    if (uri.getRawFragment() != null) {
      out.append('#').append(uri.getRawFragment());
    }
    return out.toString();
  }
}
