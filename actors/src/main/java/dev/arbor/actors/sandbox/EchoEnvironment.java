package dev.arbor.actors.sandbox;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.env.Environment;
import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.env.Reward;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Suite {@value #SUITE}: an environment without a sandbox that answers every tool call with its
 * name and arguments and ends on {@code submit} (reward 1 when the submitted {@code answer} equals
 * the task's reference answer). It checks the wiring of the Ray layer (sandbox actors on their
 * nodes, restarts, INFRA_FAILED handling) on any machine, in milliseconds.
 */
public class EchoEnvironment implements Environment {
  public static final String SUITE = "echo";

  private TaskSpec task;
  private String submitted;

  /** Registers {@link EchoEnvironment} as suite {@value #SUITE}. */
  public static final class Factory implements EnvironmentFactory {
    @Override
    public String suite() {
      return SUITE;
    }

    @Override
    public Environment create() {
      return new EchoEnvironment();
    }
  }

  @Override
  public Observation reset(TaskSpec t) {
    task = t;
    submitted = null;
    return new Observation(t.getId(), t.getInstruction(), List.of(), "");
  }

  @Override
  public List<ToolResult> step(List<ToolCall> calls) {
    List<ToolResult> results = new ArrayList<>();
    for (ToolCall c : calls) {
      if (c.getToolName().equals("submit")) {
        submitted = c.getArgumentsOrDefault("answer", "");
      }
      results.add(
          ToolResult.newBuilder()
              .setCallId(c.getCallId())
              .setToolName(c.getToolName())
              .setStatus(ToolStatus.TOOL_STATUS_OK)
              .setStdout(c.getToolName() + " " + new TreeMap<>(c.getArgumentsMap()))
              .build());
    }
    return results;
  }

  @Override
  public boolean done() {
    return submitted != null;
  }

  @Override
  public Reward verify() {
    boolean right = submitted != null && submitted.equals(task.getReferenceAnswer());
    return Reward.scored(right ? 1 : 0, List.of(), List.of(), "submitted " + submitted);
  }

  @Override
  public void close() {
    task = null;
  }
}
