package dev.arbor.tasks.tools;

import java.util.List;

/**
 * What a tool is called, what it does and which arguments it takes: shown to the model in the
 * prompt, and used to check calls before the tool runs.
 */
public record ToolSpec(String name, String description, List<Param> params) {

  /** One argument; all argument values are strings in the call. */
  public record Param(String name, boolean required, String description) {
    public static Param required(String name, String description) {
      return new Param(name, true, description);
    }

    public static Param optional(String name, String description) {
      return new Param(name, false, description);
    }
  }

  public ToolSpec {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("tool name '" + name + "' must match [a-z][a-z0-9_]*");
    }
    params = List.copyOf(params);
  }

  /** {@code run(cmd, timeout_s?)}: the call signature as the prompt shows it. */
  public String signature() {
    StringBuilder b = new StringBuilder(name).append('(');
    for (int i = 0; i < params.size(); i++) {
      b.append(i > 0 ? ", " : "").append(params.get(i).name());
      if (!params.get(i).required()) {
        b.append('?');
      }
    }
    return b.append(')').toString();
  }
}
