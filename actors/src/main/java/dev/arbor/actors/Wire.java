package dev.arbor.actors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON for the structured values actors return (metrics, stats, step results). Ray's Java
 * serializer sends primitives, strings and byte arrays natively but falls back to FST for other
 * objects, which cannot set the final fields of records; a JSON string crosses every Ray mode and
 * stays readable in logs.
 */
public final class Wire {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Wire() {}

  /** {@code value} (a record, list, map ...) as JSON. */
  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getName(), e);
    }
  }

  /** A value of {@code type} from {@link #write}'s JSON. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot decode a " + type.getSimpleName() + " from: " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 200 ? String.valueOf(s) : s.substring(0, 200) + "...";
  }
}
