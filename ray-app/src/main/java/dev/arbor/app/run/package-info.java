/**
 * The run folder {@code runs/<name>/}: what a training run leaves behind for people and tools
 * ({@code config.yaml}, {@code metrics.jsonl}, {@code actors.json}, {@code trajectories.jsonl},
 * {@code summary.json}, {@code checkpoints/}), and the records written into it. The status page,
 * the plots and {@code arbor report} all read these files, so a finished run can be inspected
 * without the driver.
 */
package dev.arbor.app.run;
