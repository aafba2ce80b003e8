package dev.arbor.tasks.tools;

import java.util.Map;

/** The arguments of one call, checked against the tool's {@link ToolSpec}. */
public final class ToolArgs {
  private final String tool;
  private final Map<String, String> values;

  ToolArgs(String tool, Map<String, String> values) {
    this.tool = tool;
    this.values = Map.copyOf(values);
  }

  /** Checks names against {@code spec}: no unknown argument, every required one present. */
  static ToolArgs check(ToolSpec spec, Map<String, String> values) throws ToolException {
    for (String k : values.keySet()) {
      if (spec.params().stream().noneMatch(p -> p.name().equals(k))) {
        throw new ToolException(
            String.format(
                "%s has no argument '%s'; its arguments: %s", spec.name(), k, spec.signature()));
      }
    }
    for (ToolSpec.Param p : spec.params()) {
      if (p.required() && !values.containsKey(p.name())) {
        throw new ToolException(
            String.format(
                "%s needs the argument '%s' (%s); call it as %s",
                spec.name(), p.name(), p.description(), spec.signature()));
      }
    }
    return new ToolArgs(spec.name(), values);
  }

  public String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalStateException(
          tool + ": argument '" + name + "' was not checked as required");
    }
    return v;
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** An integer argument in {@code [min, max]}, or {@code fallback} when absent. */
  public long getLong(String name, long min, long max, long fallback) throws ToolException {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new ToolException(
          String.format("%s: argument '%s' must be an integer, got '%s'", tool, name, v));
    }
    if (n < min || n > max) {
      throw new ToolException(
          String.format(
              "%s: argument '%s' must be between %d and %d, got %d", tool, name, min, max, n));
    }
    return n;
  }
}
