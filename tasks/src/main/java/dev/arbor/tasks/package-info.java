/**
 * Tasks and the environments agents act in (DESIGN.md §8). No DJL, no Ray: an architecture test
 * keeps it so.
 *
 * <ul>
 *   <li>{@code env}: the {@link dev.arbor.tasks.env.Environment} interface, rewards, {@link
 *       dev.arbor.tasks.env.RepoEnvironment}; {@code env.verify}: running and judging tests;
 *   <li>{@code tools}: the tools, the tool-call text format and its parser; {@code tools.patch}:
 *       unified diffs; {@code tools.calc}: exact arithmetic;
 *   <li>{@code sandbox}: working copies and isolated command execution (bubblewrap, unshare);
 *   <li>{@link dev.arbor.tasks.InfraFailure}: failures that are not the agent's.
 * </ul>
 */
package dev.arbor.tasks;
