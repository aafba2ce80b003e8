package dev.arbor.tasks.env;

import dev.arbor.tasks.tools.ToolCallFormat;
import dev.arbor.tasks.tools.ToolSpec;
import java.util.List;

/**
 * What the agent sees at the start of an episode: a {@link #system()} part shared by all tasks with
 * the same tools, then the task's {@link #user()} part.
 *
 * @param taskId the task's id
 * @param instruction the task's instruction (issue text), verbatim
 * @param tools the tools it may call
 * @param setupLog output of the setup commands (for the run's log, not for the model)
 * @param system the system part of the prompt: the tool instructions. It depends only on the
 *     suite's tools, so every task of a suite shares it; prompts put it first, so their common
 *     prefix (merged once in a trajectory tree) is as long as possible
 */
public record Observation(
    String taskId, String instruction, List<ToolSpec> tools, String setupLog, String system) {

  public Observation {
    tools = List.copyOf(tools);
  }

  /** An observation whose system part is the full tool instructions ({@link ToolCallFormat}). */
  public Observation(String taskId, String instruction, List<ToolSpec> tools, String setupLog) {
    this(taskId, instruction, tools, setupLog, ToolCallFormat.instructions(tools));
  }

  /** The user part of the prompt, after {@link #system()}: the task's instruction. */
  public String user() {
    return instruction;
  }
}
