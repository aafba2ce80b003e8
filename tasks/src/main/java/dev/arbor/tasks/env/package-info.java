/**
 * The environment side of agentic RL (DESIGN.md §8): one {@link dev.arbor.tasks.env.Environment}
 * interface for every suite ({@code reset -> step* -> verify -> close}), its {@link
 * dev.arbor.tasks.env.Observation} and {@link dev.arbor.tasks.env.Reward}, and {@link
 * dev.arbor.tasks.env.RepoEnvironment} for repository tasks backed by a {@link
 * dev.arbor.tasks.sandbox.Sandbox}.
 *
 * <p>Failures of the infrastructure are kept apart from failures of the agent everywhere: {@link
 * dev.arbor.tasks.InfraFailure} from {@code reset}, {@code TOOL_STATUS_INFRA_ERROR} from {@code
 * step}, {@link dev.arbor.tasks.env.Reward#infraFailed} from {@code verify}; such episodes become
 * {@code INFRA_FAILED} trajectories, excluded from training and rescheduled.
 */
package dev.arbor.tasks.env;
