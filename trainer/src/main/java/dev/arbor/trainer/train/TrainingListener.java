package dev.arbor.trainer.train;

/**
 * Cross-cutting concerns of training (metrics files, progress, checkpoints) as listeners, so that
 * the loop itself stays short (STYLE.md, after DJL's TrainingListener).
 */
public interface TrainingListener {

  /** Called after every optimizer step. */
  default void onStep(StepMetrics metrics) {}

  /** Called once when training ends (normally or not). */
  default void onEnd(long lastStep) {}
}
