package dev.arbor.actors.policy;

import dev.arbor.actors.sandbox.EpisodeHost;
import dev.arbor.actors.sandbox.Episodes;
import dev.arbor.trainer.agent.AgentEnvironment;

/**
 * One episode on an {@link EpisodeHost} as the rollout's {@link AgentEnvironment}. A result the
 * host marks INFRA_FAILED (lost sandbox actor, failed setup) is thrown, which makes the episode
 * INFRA_FAILED in the rollout: excluded from training, never scored 0.
 */
final class HostedEnvironment implements AgentEnvironment {
  private final EpisodeHost host;
  private final String episodeId;
  private final String startFailure;

  /**
   * @param startFailure why the episode could not start, or null when it started
   */
  HostedEnvironment(EpisodeHost host, String episodeId, String startFailure) {
    this.host = host;
    this.episodeId = episodeId;
    this.startFailure = startFailure;
  }

  @Override
  public Turn step(String modelTurnText) {
    failIfNotStarted();
    Episodes.Turn t = host.step(episodeId, modelTurnText);
    if (t.infraFailed()) {
      throw new IllegalStateException("episode " + episodeId + ": " + t.text());
    }
    return new Turn(t.text(), t.done(), t.calls());
  }

  @Override
  public Score finish() {
    failIfNotStarted();
    Episodes.End end = host.finish(episodeId);
    return new Score(end.reward(), end.infraFailed(), end.details());
  }

  private void failIfNotStarted() {
    if (startFailure != null) {
      throw new IllegalStateException("episode " + episodeId + " did not start: " + startFailure);
    }
  }
}
