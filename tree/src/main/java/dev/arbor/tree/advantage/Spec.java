package dev.arbor.tree.advantage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed configuration string {@code name} or {@code name:key=value,key=value} with numeric
 * values, as used by {@link AdvantageEstimator#parse} and {@link AdvantageScaler#parse}. Errors
 * quote the whole string and name the offending key.
 */
final class Spec {
  private final String kind;
  private final String text;
  private final String name;
  private final Map<String, Double> values;

  private Spec(String kind, String text, String name, Map<String, Double> values) {
    this.kind = kind;
    this.text = text;
    this.name = name;
    this.values = values;
  }

  /**
   * Parses {@code text}; {@code kind} names what is being configured, for messages ("advantage
   * scaler").
   */
  static Spec parse(String kind, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(kind + " is empty");
    }
    String trimmed = text.strip();
    int colon = trimmed.indexOf(':');
    String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip();
    Map<String, Double> values = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String part : trimmed.substring(colon + 1).split(",", -1)) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException(
              kind + " '" + trimmed + "': expected key=value, got '" + part.strip() + "'");
        }
        String key = part.substring(0, eq).strip();
        String raw = part.substring(eq + 1).strip();
        double value;
        try {
          value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              kind + " '" + trimmed + "': " + key + " is not a number: '" + raw + "'", e);
        }
        if (values.put(key, value) != null) {
          throw new IllegalArgumentException(kind + " '" + trimmed + "': " + key + " is set twice");
        }
      }
    }
    return new Spec(kind, trimmed, name, values);
  }

  String name() {
    return name;
  }

  /** Fails unless every key is one of {@code allowed}. */
  Spec allowOnly(List<String> allowed) {
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            kind
                + " '"
                + text
                + "': unknown option '"
                + key
                + "' for "
                + name
                + (allowed.isEmpty()
                    ? " (it takes no options)"
                    : " (allowed: " + String.join(", ", allowed) + ")"));
      }
    }
    return this;
  }

  double get(String key, double defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  /** The error for an unknown name. */
  IllegalArgumentException unknownName(List<String> allowed) {
    return new IllegalArgumentException(
        "unknown " + kind + " '" + name + "' (allowed: " + String.join(", ", allowed) + ")");
  }

  /** Formats a value the way {@link #parse} reads it back, without a trailing ".0". */
  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
