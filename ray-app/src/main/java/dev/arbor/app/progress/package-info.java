/**
 * Progress of long commands (SFT, RL, eval): a live bar on a terminal, plain lines in CI logs. The
 * trainer's own {@code ProgressListener} prints per-step lines inside the trainer; this package
 * owns the terminal and adds rollout numbers (reward) the trainer does not see.
 */
package dev.arbor.app.progress;
