package io.mcpauthz.audit.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;

/**
 * What free-text search ({@code q}) reads of an event: its values (strings as decoded, numbers,
 * booleans), lower-cased, one per line; no member names, no JSON quoting or escapes. About half
 * the JSON's bytes and lower-cased once at ingest rather than on every search, which is what
 * makes a scan of a day's events fast enough; and a value reads as the caller sees it
 * ({@code say "hi"}, not {@code say \"hi\"}). U+0000 becomes U+FFFD (PostgreSQL text cannot hold it).
 */
public final class SearchText {

  private static final JsonFactory FACTORY = new JsonFactory();

  private SearchText() {
  }

  /** The searchable text of one event's JSON; the whole JSON lower-cased if it does not parse. */
  public static String of(String json) {
    StringBuilder out = new StringBuilder(json.length() / 2);
    try (JsonParser parser = FACTORY.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
          if (!out.isEmpty()) {
            out.append('\n');
          }
          out.append(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
      }
    } catch (IOException e) {
      // The parser admitted it before; should it not parse here, search the text as it is.
      return normalize(json);
    }
    return normalize(out.toString());
  }

  /** A search term as it is compared with {@link #of}'s text. */
  public static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replace('\0', '\uFFFD');
  }
}
