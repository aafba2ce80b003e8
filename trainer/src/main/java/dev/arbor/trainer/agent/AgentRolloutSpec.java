package dev.arbor.trainer.agent;

import dev.arbor.trainer.generate.SamplingParams;
import dev.arbor.trainer.generate.TreeRolloutSpec.LogprobKind;
import java.util.Objects;

/**
 * What an {@link AgentRollout} samples. Validated at construction.
 *
 * @param format the episode's token layout (and tokenizer)
 * @param sampling temperature and top-p; {@code maxNewTokens} caps each model turn; its stop
 *     sequences and EOS are replaced by the format's ({@code [TURN]}, {@code [EOS]})
 * @param maxTurns model turns per episode at most (>= 1)
 * @param maxEpisodeTokens tokens after the prompt per episode at most, generated and tool results
 *     (>= 1); the prompt plus this must fit the model's {@code max_position_embeddings}
 * @param logprobs which log-prob the generated segments record
 * @param version policy version of the weights generating (>= 0)
 * @param seed seed of every sequence's sampling (derived in a fixed order)
 */
public record AgentRolloutSpec(
    EpisodeFormat format,
    SamplingParams sampling,
    int maxTurns,
    int maxEpisodeTokens,
    LogprobKind logprobs,
    int version,
    long seed) {

  public AgentRolloutSpec {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(logprobs, "logprobs");
    sampling = format.turnSampling(Objects.requireNonNull(sampling, "sampling"));
    atLeast("max_turns", maxTurns, 1);
    atLeast("max_episode_tokens", maxEpisodeTokens, 1);
    atLeast("version", version, 0);
  }

  /** Sampling at {@code temperature} (top-p 1), policy log-probs, version 0, seed 0. */
  public static AgentRolloutSpec of(
      EpisodeFormat format,
      double temperature,
      int maxTurnTokens,
      int maxTurns,
      int maxEpisodeTokens) {
    return new AgentRolloutSpec(
        format,
        SamplingParams.of(temperature, 1.0, maxTurnTokens),
        maxTurns,
        maxEpisodeTokens,
        LogprobKind.POLICY,
        0,
        0);
  }

  public AgentRolloutSpec withSeed(long s) {
    return new AgentRolloutSpec(format, sampling, maxTurns, maxEpisodeTokens, logprobs, version, s);
  }

  public AgentRolloutSpec withVersion(int v) {
    return new AgentRolloutSpec(format, sampling, maxTurns, maxEpisodeTokens, logprobs, v, seed);
  }

  public AgentRolloutSpec withLogprobs(LogprobKind kind) {
    return new AgentRolloutSpec(format, sampling, maxTurns, maxEpisodeTokens, kind, version, seed);
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }
}
