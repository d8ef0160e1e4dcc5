package io.mcpauthz.audit.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
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
    try (Collector parser = new Collector(FACTORY.createParser(json))) {
      while (parser.nextToken() != null) {
        // every value passes through the collector
      }
      return parser.text();
    } catch (IOException e) {
      // The parser admitted it before; should it not parse here, search the text as it is.
      return normalize(json);
    }
  }

  /** A search term as it is compared with {@link #of}'s text. */
  public static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replace('\0', '\uFFFD');
  }

  /**
   * A parser that collects every value read through it, also those its reader skips, so the
   * indexed fields and the search text come out of one pass over the JSON.
   */
  static final class Collector extends JsonParserDelegate {

    private final StringBuilder values = new StringBuilder(512);

    Collector(JsonParser parser) {
      super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = delegate.nextToken();
      if (token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL) {
        if (!values.isEmpty()) {
          values.append('\n');
        }
        values.append(delegate.getTextCharacters(), delegate.getTextOffset(), delegate.getTextLength());
      }
      return token;
    }

    /** Skips as the parser would, but token by token, so the skipped values are collected too. */
    @Override
    public JsonParser skipChildren() throws IOException {
      JsonToken token = currentToken();
      if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
        return this;
      }
      for (int open = 1; open > 0; ) {
        token = nextToken();
        if (token == null) {
          return this;
        }
        open += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
      }
      return this;
    }

    String text() {
      return normalize(values.toString());
    }
  }
}
