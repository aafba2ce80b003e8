/**
 * Tasks: what an agent episode is asked to do and how its result is judged (DESIGN.md §8).
 *
 * <ul>
 *   <li>{@link dev.arbor.tasks.suite}: task suites ({@code arithmetic-tools}, {@code mini-swe}) and
 *       task-set files;
 *   <li>{@link dev.arbor.tasks.verify}: verifiers that run a task's tests and read their results;
 *   <li>{@link dev.arbor.tasks.importer}: import of SWE-bench-format JSONL;
 *   <li>{@link dev.arbor.tasks.teacher}: teacher trajectories, rewards relative to them and early
 *       termination of rollouts that deviate (RFT, DESIGN.md §7);
 *   <li>{@link dev.arbor.tasks.ToolCallFormat}: the tool-call text format the model reads and
 *       writes.
 * </ul>
 *
 * <p>No DJL, no Ray: this module depends on {@code tree} only.
 */
package dev.arbor.tasks;
