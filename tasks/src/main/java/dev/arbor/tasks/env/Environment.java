package dev.arbor.tasks.env;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import java.util.List;

/**
 * One interface for every task suite (DESIGN.md §8): an episode is {@link #reset}, then turns of
 * {@link #step} until the agent submits or a limit is reached, then {@link #verify}, then {@link
 * #close}. An environment runs one episode at a time; {@code reset} starts the next.
 *
 * <p>Failures of the infrastructure are never the agent's: {@code reset} throws {@link
 * dev.arbor.tasks.InfraFailure}, {@code step} returns {@code TOOL_STATUS_INFRA_ERROR} results, and
 * {@code verify} returns {@link Reward#infraFailed}. Such an episode is INFRA_FAILED: excluded from
 * training and rescheduled, not scored 0.
 */
public interface Environment extends AutoCloseable {

  /**
   * Starts an episode of {@code task}: a fresh sandbox, setup commands run.
   *
   * @throws dev.arbor.tasks.InfraFailure when the task cannot be set up (its snapshot is missing, a
   *     setup command fails, the sandbox does not start)
   * @throws IllegalArgumentException when the task itself is invalid (no id, unknown tools)
   */
  Observation reset(TaskSpec task);

  /**
   * Runs the tool calls of one turn, in parallel, and returns one result per call in the same
   * order. Never throws for what the agent sent: malformed or unknown calls get ERROR results.
   */
  List<ToolResult> step(List<ToolCall> calls);

  /** True once the agent called {@code submit}; further turns are not expected. */
  boolean done();

  /** Scores the episode as it stands (also when the agent never submitted). */
  Reward verify();

  /** Ends the episode and frees its sandbox. Idempotent. */
  @Override
  void close();
}
