package dev.arbor.actors.policy;

import dev.arbor.actors.ModelSpec;
import dev.arbor.trainer.generate.RolloutScorer;
import dev.arbor.trainer.generate.SamplingParams;
import java.lang.reflect.InvocationTargetException;

/**
 * What a {@link PolicyActor} is created with (sent as JSON).
 *
 * @param model the initial policy
 * @param groupSize samples per prompt (G)
 * @param temperature sampling temperature
 * @param topP nucleus sampling mass
 * @param maxNewTokens generated tokens per sample (agent episodes: per turn) at most
 * @param maxTurns model turns per agent episode at most
 * @param maxEpisodeTokens tokens after the prompt per agent episode at most
 * @param scorer {@code length} (reward = generated length / max new tokens, a placeholder signal)
 *     or the class name of a {@link RolloutScorer} with a public no-argument constructor
 * @param torchThreads intra-op threads torch uses on the thread that generates (0 = its default,
 *     one per core). Decoding a small batch is bound by per-op overhead; on a few cores, threads of
 *     several torch users (policy, trainer) that share them spin against each other.
 */
public record PolicySpec(
    ModelSpec model,
    int groupSize,
    double temperature,
    double topP,
    int maxNewTokens,
    int maxTurns,
    int maxEpisodeTokens,
    String scorer,
    int torchThreads) {

  public PolicySpec {
    if (model == null) {
      throw new IllegalArgumentException("policy: model is required");
    }
    if (groupSize < 1) {
      throw new IllegalArgumentException("rollout.group_size must be >= 1, got " + groupSize);
    }
    sampling(temperature, topP, maxNewTokens);
    if (torchThreads < 0) {
      throw new IllegalArgumentException("rollout.torch_threads must be >= 0, got " + torchThreads);
    }
    if (maxTurns < 1 || maxEpisodeTokens < 1) {
      throw new IllegalArgumentException(
          "rollout.max_turns and rollout.max_episode_tokens must be >= 1, got "
              + maxTurns
              + " and "
              + maxEpisodeTokens);
    }
  }

  public SamplingParams sampling() {
    return sampling(temperature, topP, maxNewTokens);
  }

  private static SamplingParams sampling(double temperature, double topP, int maxNewTokens) {
    return SamplingParams.of(temperature, topP, maxNewTokens);
  }

  /** The scorer this spec names. */
  public RolloutScorer newScorer() {
    if (scorer == null || scorer.equals("length")) {
      return (prompt, completion, finish) -> completion.length / (double) maxNewTokens;
    }
    try {
      return Class.forName(scorer).asSubclass(RolloutScorer.class).getConstructor().newInstance();
    } catch (ClassNotFoundException
        | ClassCastException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalArgumentException(
          "policy scorer '"
              + scorer
              + "': expected 'length' or the class name of a RolloutScorer with a public"
              + " no-argument constructor",
          e);
    }
  }
}
