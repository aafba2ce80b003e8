package dev.arbor.tasks.tools;

import dev.arbor.tasks.InfraFailure;
import dev.arbor.tasks.sandbox.Sandbox;

/**
 * What a tool call can use: the episode's sandbox (absent for tasks without one, such as the
 * arithmetic suite) and its shared state.
 */
public record ToolContext(Sandbox sandbox, Episode episode) {

  /** A context without a sandbox. */
  public static ToolContext withoutSandbox(Episode episode) {
    return new ToolContext(null, episode);
  }

  /** The sandbox; a tool that needs one in a task without one is a configuration error. */
  public Sandbox requireSandbox(String tool) {
    if (sandbox == null) {
      throw new InfraFailure("tool " + tool + " needs a sandbox, but this episode has none");
    }
    return sandbox;
  }
}
