package dev.arbor.tasks.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader that keeps numbers as their source text, so that {@code "version": 0.20} stays
 * {@code "0.20"} (a double would make it 0.2). Values are {@link String}, {@link Num}, {@link
 * Boolean}, {@link #NULL}, {@code List<Object>} and {@code Map<String, Object>} (in source order).
 * A key that appears twice in one object and anything after the top-level value are errors.
 * Unescaped control characters inside strings (a raw {@code '\r'} or tab) are accepted and kept.
 */
final class RawJson {
  /** A JSON number as written in the source. */
  record Num(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** A value that is not valid JSON, or not what was expected. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(256 << 20).build())
          .build();

  private RawJson() {}

  /** Parses {@code text}, which must hold exactly one JSON value. */
  static Object parse(String text) throws Malformed {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new Malformed("no JSON value");
      }
      Object value = value(p, first);
      JsonToken extra;
      try {
        extra = p.nextToken();
      } catch (JsonProcessingException e) {
        extra = JsonToken.NOT_AVAILABLE;
      }
      if (extra != null) {
        throw new Malformed(
            "unexpected content after the JSON value at column "
                + p.currentTokenLocation().getColumnNr());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new Malformed(
          e.getOriginalMessage().lines().findFirst().orElse("invalid JSON")
              + " at column "
              + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()));
    } catch (IOException e) {
      throw new Malformed("unreadable JSON: " + e.getMessage());
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException, Malformed {
    return switch (t) {
      case START_OBJECT -> object(p);
      case START_ARRAY -> array(p);
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(p.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> NULL;
      default -> throw new Malformed("unexpected " + t);
    };
  }

  private static Map<String, Object> object(JsonParser p) throws IOException, Malformed {
    Map<String, Object> out = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      Object v = value(p, p.nextToken());
      if (out.putIfAbsent(key, v) != null) {
        throw new Malformed("key '" + key + "' appears twice in one object");
      }
    }
    return out;
  }

  private static List<Object> array(JsonParser p) throws IOException, Malformed {
    List<Object> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      out.add(value(p, t));
    }
    return out;
  }

  /** A short name of a value's JSON type, for messages. */
  static String typeName(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Num) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof Map) {
      return "object";
    }
    return "null";
  }
}
