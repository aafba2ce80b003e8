package dev.arbor.tree.proto;

import java.util.Optional;

/**
 * Walks the top-level fields of an encoded message, only by their framing, to find the field that
 * runs past the end of the bytes. Protobuf's own parser reports a cut-short message with a generic
 * text; this says which field, where it starts and how much is missing.
 *
 * <p>A cut anywhere inside a nested message also shows up here, as the top-level field that
 * contains it needing more bytes than remain. A cut exactly between two top-level fields is
 * invisible in protobuf's wire format and cannot be detected by anyone.
 */
final class WireFraming {
  private static final int CUT = -1;
  private static final int MALFORMED = -2;

  private WireFraming() {}

  /**
   * A top-level field that needs more bytes than there are.
   *
   * @param fieldNumber the field's number, or 0 when the data ends inside the field's tag
   * @param fieldOffset offset of the field's tag within the data
   * @param detail what is missing, in words
   */
  record Overrun(int fieldNumber, int fieldOffset, String detail) {}

  /**
   * Returns the first top-level field of {@code data} that runs past its end, or empty when the
   * framing is complete or broken in some other way (an invalid tag or wire type is not a cut).
   */
  static Optional<Overrun> findOverrun(byte[] data) {
    int pos = 0;
    while (pos < data.length) {
      int start = pos;
      int tagEnd = varintEnd(data, pos);
      if (tagEnd == CUT) {
        return Optional.of(new Overrun(0, start, "the data ends inside a field's tag"));
      }
      if (tagEnd == MALFORMED) {
        return Optional.empty();
      }
      long tag = decodeVarint(data, pos, tagEnd);
      int field = (int) (tag >>> 3);
      pos = tagEnd;
      int remaining = data.length - pos;
      long needed;
      switch ((int) (tag & 7)) {
        case 0 -> {
          int end = varintEnd(data, pos);
          if (end == MALFORMED) {
            return Optional.empty();
          }
          if (end == CUT) {
            return Optional.of(new Overrun(field, start, "the data ends inside its value"));
          }
          needed = end - pos;
        }
        case 1 -> needed = 8;
        case 5 -> needed = 4;
        case 2 -> {
          int lengthEnd = varintEnd(data, pos);
          if (lengthEnd == MALFORMED) {
            return Optional.empty();
          }
          if (lengthEnd == CUT) {
            return Optional.of(new Overrun(field, start, "the data ends inside its length"));
          }
          long length = decodeVarint(data, pos, lengthEnd);
          pos = lengthEnd;
          remaining = data.length - pos;
          if (length > remaining) {
            String detail =
                "its length says " + length + " bytes but only " + remaining + " remain";
            return Optional.of(new Overrun(field, start, detail));
          }
          needed = length;
        }
        default -> {
          return Optional.empty();
        }
      }
      if (needed > remaining) {
        return Optional.of(new Overrun(field, start, "the data ends inside its value"));
      }
      pos += (int) needed;
    }
    return Optional.empty();
  }

  /** Index just past the varint at {@code pos}, or {@link #CUT} / {@link #MALFORMED}. */
  private static int varintEnd(byte[] data, int pos) {
    for (int i = 0; i < 10; i++) {
      if (pos + i >= data.length) {
        return CUT;
      }
      if (data[pos + i] >= 0) {
        return pos + i + 1;
      }
    }
    return MALFORMED;
  }

  private static long decodeVarint(byte[] data, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value |= (long) (data[i] & 0x7f) << (7 * (i - from));
    }
    return value;
  }
}
