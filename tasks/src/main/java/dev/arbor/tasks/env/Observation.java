package dev.arbor.tasks.env;

import dev.arbor.tasks.tools.ToolCallFormat;
import dev.arbor.tasks.tools.ToolSpec;
import java.util.List;

/**
 * What the agent sees at the start of an episode.
 *
 * @param taskId the task's id
 * @param instruction the task's instruction (issue text), verbatim
 * @param tools the tools it may call
 * @param setupLog output of the setup commands (for the run's log, not for the model)
 */
public record Observation(
    String taskId, String instruction, List<ToolSpec> tools, String setupLog) {

  public Observation {
    tools = List.copyOf(tools);
  }

  /** The first user message: the instruction followed by the tool instructions. */
  public String prompt() {
    return instruction.strip() + "\n\n" + ToolCallFormat.instructions(tools);
  }
}
