package dev.arbor.app.job;

/**
 * How episodes are sampled. New fields get a default in {@code defaults.yaml} (next to this class)
 * so that existing job files stay valid.
 *
 * @param groupSize samples per task (G)
 * @param temperature sampling temperature (> 0)
 * @param topP nucleus mass in (0, 1]
 * @param maxTurns agent turns per episode at most
 * @param maxNewTokens tokens generated per turn at most
 * @param maxEpisodeTokens tokens after the prompt per episode at most (generated and tool results)
 * @param envsPerSandbox concurrent episodes (environments) per sandbox actor
 * @param groupsPerCall groups a policy rolls out in one call, decoded as one batch (RL rollouts and
 *     held-out evaluation); each policy then runs up to this many times {@code groupSize} episodes
 *     at once on its sandbox actor
 * @param scorer reward of the single-turn rollout until agent episodes land ({@code length} or a
 *     RolloutScorer class name)
 * @param torchThreads intra-op threads of each policy's generating thread (0 = torch's default, one
 *     per core)
 */
public record RolloutConfig(
    int groupSize,
    double temperature,
    double topP,
    int maxTurns,
    int maxNewTokens,
    int maxEpisodeTokens,
    int envsPerSandbox,
    int groupsPerCall,
    String scorer,
    int torchThreads) {

  public RolloutConfig {
    JobConfig.atLeast("group_size", groupSize, 1);
    JobConfig.atLeast("max_turns", maxTurns, 1);
    JobConfig.atLeast("max_new_tokens", maxNewTokens, 1);
    JobConfig.atLeast("max_episode_tokens", maxEpisodeTokens, 1);
    JobConfig.atLeast("envs_per_sandbox", envsPerSandbox, 1);
    JobConfig.atLeast("groups_per_call", groupsPerCall, 1);
    JobConfig.atLeast("torch_threads", torchThreads, 0);
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
  }
}
