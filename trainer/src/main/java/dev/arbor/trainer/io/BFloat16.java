package dev.arbor.trainer.io;

/**
 * bfloat16 (the upper 16 bits of an IEEE float32: 1 sign, 8 exponent, 7 mantissa bits) conversions
 * as PyTorch does them: float32 to bfloat16 rounds to nearest, ties to even, and maps every NaN to
 * the quiet NaN {@code 0x7FC0}; bfloat16 to float32 is exact.
 */
public final class BFloat16 {

  private BFloat16() {}

  /** The bfloat16 bits nearest to {@code value} (ties to even; NaN to {@code 0x7FC0}). */
  public static short fromFloat(float value) {
    if (Float.isNaN(value)) {
      return (short) 0x7FC0;
    }
    int bits = Float.floatToRawIntBits(value);
    int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + roundingBias) >>> 16);
  }

  /** The float32 value of bfloat16 bits (exact). */
  public static float toFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** {@code value} rounded to the nearest bfloat16, as a float32. */
  public static float round(float value) {
    return toFloat(fromFloat(value));
  }
}
