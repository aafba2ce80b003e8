package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands that stay alive until the step's backward pass.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (also {@code div}, {@code pow}, {@code minimum}, {@code
 * maximum}) wraps the number in a temporary array whose storage is a Java direct buffer, and closes
 * it right after the op. The autograd graph still holds that tensor for the backward pass (a
 * product's gradient needs the factor), but once the Java buffer is unreachable the garbage
 * collector frees its memory: a collection between forward and backward then silently corrupts the
 * gradient (measured: wrong gradients in about 1 step in 25 on packed trees, NaN when a collection
 * is forced). On every path that has a gradient, use {@link #of} instead of a Java number: the
 * array belongs to the operand's manager (the step's), which is closed after the backward.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code value} as a float32 scalar on {@code like}'s manager. */
  public static NDArray of(NDArray like, double value) {
    return like.getManager().create((float) value);
  }
}
