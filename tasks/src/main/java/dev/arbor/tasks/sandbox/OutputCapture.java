package dev.arbor.tasks.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the head and the tail of one output stream within a fixed memory budget, however much the
 * stream produces, and counts the rest. {@link #render(int, String)} cuts to any budget up to the
 * capacity, on UTF-8 character boundaries, with a marker line in between that says how many bytes
 * were dropped.
 *
 * <p>Two streams share one cap through {@link #split(OutputCapture, OutputCapture, int)}: a stream
 * that needs less than half leaves the rest to the other.
 */
final class OutputCapture {
  private final byte[] head;
  private final byte[] tail;
  private int headLen;
  private long tailWritten;
  private long total;

  /** Capacity {@code cap}: any budget up to it renders exactly. */
  OutputCapture(int cap) {
    head = new byte[cap / 2];
    tail = new byte[cap - cap / 2];
  }

  /** Reads {@code in} to its end into this capture. */
  void drain(InputStream in) throws IOException {
    byte[] buf = new byte[64 << 10];
    for (int n; (n = in.read(buf)) >= 0; ) {
      write(buf, 0, n);
    }
  }

  synchronized void write(byte[] b, int off, int len) {
    total += len;
    int toHead = Math.min(len, head.length - headLen);
    System.arraycopy(b, off, head, headLen, toHead);
    headLen += toHead;
    off += toHead;
    len -= toHead;
    if (len == 0 || tail.length == 0) {
      return;
    }
    if (len >= tail.length) {
      // Only the last tail.length bytes of this chunk can survive.
      off += len - tail.length;
      tailWritten += len - tail.length;
      len = tail.length;
    }
    int pos = (int) (tailWritten % tail.length);
    int first = Math.min(len, tail.length - pos);
    System.arraycopy(b, off, tail, pos, first);
    System.arraycopy(b, off + first, tail, 0, len - first);
    tailWritten += len;
  }

  synchronized long total() {
    return total;
  }

  /** The first bytes seen (at most half the capacity); for start markers. */
  synchronized byte[] headBytes() {
    return java.util.Arrays.copyOf(head, headLen);
  }

  /**
   * The captured text cut to {@code budget} bytes (head half, tail half) with a marker naming
   * {@code stream} where bytes were dropped; the whole stream if it fits.
   */
  synchronized Rendered render(int budget, String stream) {
    byte[] all = contiguous();
    if (total <= budget) {
      return new Rendered(decode(all, 0, all.length), 0);
    }
    int h = budget / 2;
    int t = budget - h;
    int headEnd = utf8Boundary(all, h);
    int tailStart = all.length - t;
    while (tailStart < all.length && (all[tailStart] & 0xC0) == 0x80) {
      tailStart++;
    }
    long dropped = total - headEnd - (all.length - tailStart);
    String text =
        decode(all, 0, headEnd)
            + String.format("%n[... arbor: %d bytes of %s truncated ...]%n", dropped, stream)
            + decode(all, tailStart, all.length - tailStart);
    return new Rendered(text, dropped);
  }

  /** Head plus the retained tail, in stream order (the tail may be shorter than its buffer). */
  private byte[] contiguous() {
    int tailLen = (int) Math.min(tailWritten, tail.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(headLen + tailLen);
    out.write(head, 0, headLen);
    if (tailLen > 0) {
      int start = (int) ((tailWritten - tailLen) % tail.length);
      int first = Math.min(tailLen, tail.length - start);
      out.write(tail, start, first);
      out.write(tail, 0, tailLen - first);
    }
    return out.toByteArray();
  }

  /**
   * Largest cut {@code <= at} that does not split a UTF-8 sequence, judged from the bytes before
   * the cut only (the byte after it may belong to the tail, not to the stream at that point).
   */
  static int utf8Boundary(byte[] b, int at) {
    int end = Math.min(at, b.length);
    for (int j = end - 1; j >= Math.max(0, end - 4); j--) {
      int lead = b[j] & 0xFF;
      if ((lead & 0xC0) == 0x80) {
        continue; // continuation byte: keep looking for its lead
      }
      int len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      return j + len > end ? j : end;
    }
    return end;
  }

  private static String decode(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /** Rendered text and the bytes it left out. */
  record Rendered(String text, long droppedBytes) {}

  /**
   * Budgets for two streams that share {@code cap}: everything if both fit; otherwise a stream that
   * needs less than half keeps all of it and the other gets the rest, else half each.
   */
  static int[] split(OutputCapture a, OutputCapture b, int cap) {
    long ta = a.total();
    long tb = b.total();
    if (ta + tb <= cap) {
      return new int[] {(int) ta, (int) tb};
    }
    int half = cap / 2;
    if (ta <= half) {
      return new int[] {(int) ta, cap - (int) ta};
    }
    if (tb <= cap - half) {
      return new int[] {cap - (int) tb, (int) tb};
    }
    return new int[] {half, cap - half};
  }
}
