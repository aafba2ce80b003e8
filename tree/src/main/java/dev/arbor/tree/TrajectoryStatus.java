package dev.arbor.tree;

/**
 * How an episode ended. {@link #INFRA_FAILED} marks failures of the infrastructure (sandbox did not
 * start, verifier crashed): such trajectories are excluded from training, never scored 0.
 */
public enum TrajectoryStatus {
  /** The episode ended normally (submitted, or the agent stopped). */
  OK(0),
  /** The episode hit a turn or token limit. It is trained on with its reward. */
  TRUNCATED(1),
  /** The infrastructure failed; the trajectory carries no learning signal. */
  INFRA_FAILED(2);

  private static final TrajectoryStatus[] BY_CODE = values();

  private final byte code;

  TrajectoryStatus(int code) {
    this.code = (byte) code;
  }

  /** Stable numeric code used in the Arrow encoding; never reorder. */
  public byte code() {
    return code;
  }

  /** True when the trajectory contributes to the loss. */
  public boolean trainable() {
    return this != INFRA_FAILED;
  }

  /** The status with the given {@link #code()}; throws with the allowed range on a bad code. */
  public static TrajectoryStatus ofCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException(
          "unknown trajectory status code " + code + " (allowed 0.." + (BY_CODE.length - 1) + ")");
    }
    return BY_CODE[code];
  }
}
