package dev.arbor.actors.agent;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.tasks.env.Environment;
import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.tools.ToolCallFormat;
import dev.arbor.tasks.tools.ToolCallParser;
import dev.arbor.trainer.agent.AgentEnvironment;
import java.util.List;

/**
 * Reference adapter (test scope) of a {@code tasks} {@link Environment} to the trainer's text-level
 * {@link AgentEnvironment}: parse the turn's calls with {@link ToolCallParser}, run them, render
 * the results with {@link ToolCallFormat#renderResults}; score with {@link Environment#verify()}.
 * The coordinator's production adapter lives in the actors main code.
 */
final class EnvironmentAgentAdapter implements AgentEnvironment {
  private final Environment env;
  private final String idPrefix;
  private final Observation observation;
  private int turn;

  /** Resets {@code env} to {@code task}. */
  EnvironmentAgentAdapter(Environment env, TaskSpec task, String idPrefix) {
    this.env = env;
    this.idPrefix = idPrefix;
    this.observation = env.reset(task);
  }

  Observation observation() {
    return observation;
  }

  @Override
  public Turn step(String modelTurnText) {
    List<ToolCall> calls = ToolCallParser.parse(modelTurnText, idPrefix + "-t" + turn++);
    String results = ToolCallFormat.renderResults(env.step(calls));
    return new Turn(results, env.done(), calls.size());
  }

  @Override
  public Score finish() {
    Reward r = env.verify();
    return new Score(r.score(), r.isInfraFailure(), r.details());
  }
}
