package dev.arbor.trainer.io;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * One entry of a safetensors header: a tensor's name, element type, shape and byte range. The range
 * is relative to the start of the data section (after the 8-byte length and the header).
 *
 * @param name tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype element type as stored
 * @param dims shape, outermost dimension first (empty for a scalar)
 * @param begin first byte, relative to the data section
 * @param end one past the last byte, relative to the data section
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] dims, long begin, long end) {

  public TensorInfo {
    dims = dims.clone();
  }

  /** The shape (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** The shape as DJL states it. */
  public Shape shape() {
    return new Shape(dims);
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Bytes the tensor occupies: {@code end - begin}. */
  public long byteLength() {
    return end - begin;
  }

  /** Writes a shape the way the errors of this package show it: {@code [64, 32]}. */
  public static String format(long[] dims) {
    return Arrays.toString(dims);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(dims, t.dims)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + format(dims) + " @[" + begin + ", " + end + ")";
  }
}
