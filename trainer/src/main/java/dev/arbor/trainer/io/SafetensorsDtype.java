package dev.arbor.trainer.io;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format, by the names its header uses ({@code "F32"}, {@code
 * "BF16"}, ...). Declared in the order of the reference implementation's {@code Dtype} enum, which
 * its writer uses (descending) to lay tensors out so that every tensor is aligned to its element
 * size; {@link SafetensorsWriter} follows the same order to produce identical bytes.
 */
public enum SafetensorsDtype {
  BOOL(1, DataType.BOOLEAN),
  U8(1, DataType.UINT8),
  I8(1, DataType.INT8),
  F8_E5M2(1, null),
  F8_E4M3(1, null),
  I16(2, DataType.INT16),
  U16(2, null),
  F16(2, DataType.FLOAT16),
  BF16(2, DataType.BFLOAT16),
  I32(4, DataType.INT32),
  U32(4, null),
  F32(4, DataType.FLOAT32),
  F64(8, DataType.FLOAT64),
  I64(8, DataType.INT64),
  U64(8, null);

  private final int size;
  private final DataType djl;

  SafetensorsDtype(int size, DataType djl) {
    this.size = size;
    this.djl = djl;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether this is a floating-point type (loaded as float32 by default). */
  public boolean isFloating() {
    return this == F16 || this == BF16 || this == F32 || this == F64;
  }

  /**
   * The DJL type with the same bytes, if DJL's PyTorch engine can hold it; {@code null} for the
   * float8 and unsigned 16/32/64-bit types, which Arbor does not load.
   */
  DataType djlType() {
    return djl;
  }

  /**
   * The dtype a header names.
   *
   * @throws IllegalArgumentException naming the allowed names when {@code name} is not one of them
   */
  public static SafetensorsDtype of(String name) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype '"
            + name
            + "' (known: "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
            + ")");
  }

  /** The safetensors dtype that stores a DJL type unchanged. */
  public static SafetensorsDtype of(DataType type) {
    for (SafetensorsDtype d : values()) {
      if (d.djl == type) {
        return d;
      }
    }
    throw new IllegalArgumentException("no safetensors dtype for DJL type " + type);
  }
}
