/**
 * Task suites and task-set files.
 *
 * <ul>
 *   <li>{@link dev.arbor.tasks.suite.arithmetic}: {@code arithmetic-tools}, generated multi-step
 *       word problems solved with a {@code calc} tool;
 *   <li>{@link dev.arbor.tasks.suite.miniswe}: {@code mini-swe}, small real repositories with a
 *       bug, an issue, failing tests and a gold patch ({@code resources/tasks/mini-swe});
 *   <li>{@link dev.arbor.tasks.suite.TaskSetFiles}: a task set on disk ({@code tasks.binpb} plus a
 *       readable {@code index.tsv}), as written by the importer.
 * </ul>
 */
package dev.arbor.tasks.suite;
