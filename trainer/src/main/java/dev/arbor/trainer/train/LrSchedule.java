package dev.arbor.trainer.train;

/**
 * Learning rate by step: linear warm-up from 0 to the peak over {@code warmup} steps, then cosine
 * decay to {@code minRatio x peak} at {@code total} steps (constant after).
 *
 * @param peak peak learning rate
 * @param warmup warm-up steps
 * @param total steps of the whole schedule
 * @param minRatio final rate as a fraction of the peak
 */
public record LrSchedule(double peak, int warmup, int total, double minRatio) {

  public LrSchedule {
    if (!(peak > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + peak);
    }
    if (warmup < 0 || total <= 0 || warmup > total) {
      throw new IllegalArgumentException(
          "need 0 <= warmup <= total and total > 0, got warmup " + warmup + ", total " + total);
    }
    if (!(minRatio >= 0 && minRatio <= 1)) {
      throw new IllegalArgumentException("minRatio must be in [0, 1], got " + minRatio);
    }
  }

  /** A constant rate. */
  public static LrSchedule constant(double lr) {
    return new LrSchedule(lr, 0, 1, 1);
  }

  /** The rate at step {@code s} (1-based: the first update is step 1). */
  public double at(long s) {
    if (warmup > 0 && s <= warmup) {
      return peak * s / warmup;
    }
    if (s >= total) {
      return peak * minRatio;
    }
    double progress = (double) (s - warmup) / Math.max(1, total - warmup);
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return peak * (minRatio + (1 - minRatio) * cosine);
  }
}
