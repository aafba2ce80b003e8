/**
 * Tasks: what an agent episode is asked to do, the environments agents act in, and how results are
 * judged (DESIGN.md §8). No DJL, no Ray: an architecture test keeps it so.
 *
 * <ul>
 *   <li>{@code env}: the {@link dev.arbor.tasks.env.Environment} interface, rewards, {@link
 *       dev.arbor.tasks.env.RepoEnvironment}; {@code env.verify}: running and judging tests;
 *   <li>{@code tools}: the tools, the tool-call text format and its parser; {@code tools.patch}:
 *       unified diffs; {@code tools.calc}: exact arithmetic;
 *   <li>{@code sandbox}: working copies and isolated command execution (bubblewrap, unshare);
 *   <li>{@code suite}: task suites ({@code arithmetic-tools}, {@code mini-swe}) and task-set files;
 *   <li>{@code verify}: the suites' local test verifier (trusted code, no sandbox);
 *   <li>{@code importer}: import of SWE-bench-format JSONL;
 *   <li>{@code teacher}: teacher trajectories, rewards relative to them and early termination of
 *       rollouts that deviate (RFT, DESIGN.md §7);
 *   <li>{@link dev.arbor.tasks.InfraFailure}: failures that are not the agent's.
 * </ul>
 */
package dev.arbor.tasks;
