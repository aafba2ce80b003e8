/**
 * Teacher trajectories and reinforcement fine-tuning against them (DESIGN.md §7).
 *
 * <ul>
 *   <li>{@link dev.arbor.tasks.teacher.TeacherTrajectory}: a correct episode as text segments with
 *       roles and tool calls in the {@link dev.arbor.tasks.ToolCallFormat}; made by {@link
 *       dev.arbor.tasks.teacher.ArithmeticTeacher} (from the worked solution) and {@link
 *       dev.arbor.tasks.teacher.MiniSweTeacher} (an apply_patch episode from the gold patch);
 *       stored as JSON Lines by {@link dev.arbor.tasks.teacher.TeacherStore};
 *   <li>{@link dev.arbor.tasks.teacher.RelativeReward}: test outcome plus a weighted line-level
 *       similarity of the agent's edits to the teacher's ({@link
 *       dev.arbor.tasks.teacher.EditSimilarity});
 *   <li>{@link dev.arbor.tasks.teacher.DeviationMonitor}: stops a rollout whose actions stray from
 *       the teacher's beyond a threshold (off by default).
 * </ul>
 */
package dev.arbor.tasks.teacher;
