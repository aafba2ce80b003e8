/**
 * Multi-turn, tool-using agent episodes for the policy model: the token layout of an episode
 * ({@link dev.arbor.trainer.agent.EpisodeFormat}, also used to tokenise teacher episodes, {@link
 * dev.arbor.trainer.agent.TextEpisode}), the text-level environment a rollout talks to ({@link
 * dev.arbor.trainer.agent.AgentEnvironment}) and the group rollout that decodes all episodes of a
 * task together and steps their environments in parallel ({@link
 * dev.arbor.trainer.agent.AgentRollout}). No Ray and no task suites here: adapters in the actors
 * module connect them.
 */
package dev.arbor.trainer.agent;
