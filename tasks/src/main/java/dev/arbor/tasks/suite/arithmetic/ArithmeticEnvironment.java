package dev.arbor.tasks.suite.arithmetic;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.env.Environment;
import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.tools.Episode;
import dev.arbor.tasks.tools.ToolCallFormat;
import dev.arbor.tasks.tools.ToolContext;
import dev.arbor.tasks.tools.ToolRegistry;
import java.util.List;

/**
 * The {@link Environment} of {@code arithmetic-tools}: no sandbox, the task's tools ({@code calc}
 * and {@code submit} from {@link ToolRegistry#standard()}), and {@link AnswerVerifier} on the
 * submitted answer. Tools are pure, so a turn's calls run one after the other on the caller's
 * thread. Cheap to construct and reset: a pipeline makes one per episode, thousands per step.
 *
 * <p>Not thread-safe; one episode at a time.
 */
public final class ArithmeticEnvironment implements Environment {
  private TaskSpec task;
  private ToolRegistry tools;
  private Episode episode;

  @Override
  public Observation reset(TaskSpec task) {
    if (task.getId().isBlank()) {
      throw new IllegalArgumentException("task has no id");
    }
    if (task.getReferenceAnswer().isEmpty()) {
      throw new IllegalArgumentException(
          "task " + task.getId() + " has no reference_answer: not an arithmetic task");
    }
    this.tools = ToolRegistry.standard().forTask(task);
    this.task = task;
    this.episode = new Episode();
    // The task text says what to do with the tools; the short form keeps the shared prefix small
    // (a quarter of the full one), which small models trained from scratch attend over at every
    // token.
    return new Observation(
        task.getId(),
        task.getInstruction(),
        tools.specs(),
        "",
        ToolCallFormat.compactInstructions(tools.specs()));
  }

  @Override
  public List<ToolResult> step(List<ToolCall> calls) {
    requireEpisode();
    ToolContext ctx = ToolContext.withoutSandbox(episode);
    return calls.stream().map(c -> tools.call(c, ctx)).toList();
  }

  @Override
  public boolean done() {
    return episode != null && episode.submitted();
  }

  /** 1 for a correct submitted answer, 0 for a wrong one or none. */
  @Override
  public Reward verify() {
    requireEpisode();
    return episode
        .submission()
        .map(
            answer -> {
              AnswerVerifier.Verdict v = AnswerVerifier.verify(task, answer);
              return Reward.scored(v.score(), List.of(), List.of(), v.detail());
            })
        .orElseGet(() -> Reward.scored(0, List.of(), List.of(), "no answer submitted"));
  }

  @Override
  public void close() {
    episode = null;
  }

  private void requireEpisode() {
    if (episode == null) {
      throw new IllegalStateException("no episode: call reset(task) first");
    }
  }
}
