package dev.arbor.trainer.agent;

/**
 * An episode's environment as the rollout sees it: text in, text out. An adapter in the actors
 * module puts a {@code tasks.env.Environment} behind it (parse the turn's tool calls, run them,
 * render the results). One instance serves one episode; {@link AgentRollout} steps the episodes of
 * a group in parallel, each environment from one thread at a time.
 *
 * <p>Any exception from {@link #step} or {@link #finish} is an infrastructure failure: the episode
 * becomes INFRA_FAILED (excluded from training), the others go on.
 */
public interface AgentEnvironment {

  /**
   * What a step returned.
   *
   * @param resultsText the results of the turn's calls as the model reads them (result blocks
   *     joined by "\n")
   * @param done whether the episode is over (the agent submitted)
   * @param calls number of tool calls the turn held
   */
  record Turn(String resultsText, boolean done, int calls) {}

  /**
   * The verdict on the episode.
   *
   * @param reward the reward
   * @param infraFailed the verifier could not judge (the episode is excluded, not scored 0)
   * @param detail for people: why this reward
   */
  record Score(double reward, boolean infraFailed, String detail) {}

  /**
   * Runs the tool calls of one model turn ({@code modelTurnText}: the turn without its end token).
   */
  Turn step(String modelTurnText) throws Exception;

  /** Scores the episode as it stands; called once, after the last turn. */
  Score finish() throws Exception;
}
