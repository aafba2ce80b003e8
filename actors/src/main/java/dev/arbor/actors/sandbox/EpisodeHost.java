package dev.arbor.actors.sandbox;

import dev.arbor.proto.v1.TaskSpec;

/**
 * Where a policy's episodes run, at the level of text: {@link Episodes} in the same process, or a
 * sandbox actor behind {@link SandboxClient}. Infrastructure failures come back as results marked
 * INFRA_FAILED, not as exceptions, so one lost episode never fails its group.
 */
public interface EpisodeHost {

  /** Starts episode {@code episodeId} of {@code task}. */
  Episodes.Start reset(String episodeId, TaskSpec task);

  /** Runs the tool calls of one model turn. */
  Episodes.Turn step(String episodeId, String modelTurnText);

  /** Scores and closes the episode. */
  Episodes.End finish(String episodeId);
}
