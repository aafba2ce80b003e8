package dev.arbor.tree.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Bulk copies between Java arrays and Arrow {@code list<primitive>} columns, one row per array. The
 * primitive copies go through NIO views of the Arrow buffers, which the JDK turns into memory
 * copies (Arrow's byte order is little-endian, as on every platform the JDK runs Arbor on).
 */
final class ListColumns {
  private ListColumns() {}

  /** One primitive column, row by row, for {@link #write}. */
  interface Rows {
    /** Number of values in the row. */
    int length(int row);

    /** Puts the row's values into {@code dst}, a little-endian view of exactly that size. */
    void copy(int row, ByteBuffer dst);
  }

  static void writeInts(ListVector list, int[][] rows) {
    write(
        list,
        rows.length,
        4,
        rows(r -> rows[r].length, (r, dst) -> dst.asIntBuffer().put(rows[r])));
  }

  static void writeDoubles(ListVector list, double[][] rows) {
    write(
        list,
        rows.length,
        8,
        rows(r -> rows[r].length, (r, dst) -> dst.asDoubleBuffer().put(rows[r])));
  }

  static void writeBytes(ListVector list, byte[][] rows) {
    write(list, rows.length, 1, rows(r -> rows[r].length, (r, dst) -> dst.put(rows[r])));
  }

  static Rows rows(IntUnaryOperator length, RowCopier copier) {
    return new Rows() {
      @Override
      public int length(int row) {
        return length.applyAsInt(row);
      }

      @Override
      public void copy(int row, ByteBuffer dst) {
        copier.copy(row, dst);
      }
    };
  }

  /** Copies one row into a little-endian view. */
  @FunctionalInterface
  interface RowCopier {
    void copy(int row, ByteBuffer dst);
  }

  /** Fills a {@code list<primitive>} column of {@code width}-byte values, one bulk copy per row. */
  static void write(ListVector list, int rowCount, int width, Rows rows) {
    int total = 0;
    for (int r = 0; r < rowCount; r++) {
      total += rows.length(r);
    }
    BaseFixedWidthVector child = (BaseFixedWidthVector) list.getDataVector();
    prepare(list, rowCount);
    if (child.getValueCapacity() < total) {
      child.allocateNew(total);
    }
    ArrowBuf data = child.getDataBuffer();
    int at = 0;
    for (int r = 0; r < rowCount; r++) {
      int n = rows.length(r);
      list.startNewValue(r);
      if (n > 0) {
        rows.copy(r, data.nioBuffer((long) at * width, n * width).order(ByteOrder.LITTLE_ENDIAN));
      }
      list.endValue(r, n);
      at += n;
    }
    child.getValidityBuffer().setOne(0L, (total + 7L) / 8);
    child.setValueCount(total);
    list.setValueCount(rowCount);
  }

  /**
   * Readies a list column for {@code rowCount} rows. Buffers that are large enough are kept and
   * reset rather than released: a writer that is reused for many batches then touches no fresh
   * memory, which for batches of megabytes is most of the cost (page faults of new mappings).
   */
  private static void prepare(ListVector list, int rowCount) {
    if (list.getValueCapacity() >= rowCount && list.getDataVector().getValueCapacity() > 0) {
      list.reset();
    } else {
      list.setInitialCapacity(Math.max(rowCount, 1));
      list.allocateNew();
    }
  }

  static void writeStrings(ListVector list, String[][] rows) {
    VarCharVector child = (VarCharVector) list.getDataVector();
    prepare(list, rows.length);
    int at = 0;
    for (int r = 0; r < rows.length; r++) {
      list.startNewValue(r);
      for (String s : rows[r]) {
        child.setSafe(at++, s.getBytes(StandardCharsets.UTF_8));
      }
      list.endValue(r, rows[r].length);
    }
    child.setValueCount(at);
    list.setValueCount(rows.length);
  }

  // ---- Reading ----------------------------------------------------------------------------

  static int start(ListVector list, int row) {
    if (list.isNull(row)) {
      throw new IllegalArgumentException("column '" + list.getName() + "' is null in row " + row);
    }
    return list.getOffsetBuffer().getInt((long) row * ListVector.OFFSET_WIDTH);
  }

  static int length(ListVector list, int row) {
    int from = start(list, row);
    int to = list.getOffsetBuffer().getInt((long) (row + 1) * ListVector.OFFSET_WIDTH);
    int childCount = list.getDataVector().getValueCount();
    if (from < 0 || to < from || to > childCount) {
      throw new IllegalArgumentException(
          "column '"
              + list.getName()
              + "' has offsets "
              + from
              + ".."
              + to
              + " in row "
              + row
              + " outside its "
              + childCount
              + " values");
    }
    return to - from;
  }

  static int[] readInts(ListVector list, int row) {
    int n = length(list, row);
    int[] out = new int[n];
    if (n > 0) {
      data(list)
          .nioBuffer((long) start(list, row) * 4, n * 4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asIntBuffer()
          .get(out);
    }
    return out;
  }

  static float[] readFloats(ListVector list, int row) {
    int n = length(list, row);
    float[] out = new float[n];
    if (n > 0) {
      data(list)
          .nioBuffer((long) start(list, row) * 4, n * 4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(out);
    }
    return out;
  }

  static double[] readDoubles(ListVector list, int row) {
    int n = length(list, row);
    double[] out = new double[n];
    if (n > 0) {
      data(list)
          .nioBuffer((long) start(list, row) * 8, n * 8)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asDoubleBuffer()
          .get(out);
    }
    return out;
  }

  static byte[] readBytes(ListVector list, int row) {
    int n = length(list, row);
    byte[] out = new byte[n];
    if (n > 0) {
      data(list).getBytes(start(list, row), out, 0, n);
    }
    return out;
  }

  static String[] readStrings(ListVector list, int row) {
    int n = length(list, row);
    int from = start(list, row);
    VarCharVector child = (VarCharVector) list.getDataVector();
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      if (child.isNull(from + i)) {
        throw new IllegalArgumentException(
            "column '" + list.getName() + "' has a null entry in row " + row);
      }
      out[i] = new String(child.get(from + i), StandardCharsets.UTF_8);
    }
    return out;
  }

  private static ArrowBuf data(ListVector list) {
    return list.getDataVector().getDataBuffer();
  }
}
