package dev.arbor.tree.arrow;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * In-memory channels. The writing one grows its array; Arrow writes each buffer as one direct
 * {@link ByteBuffer}; this copies it into the array in one bulk transfer, where {@code
 * Channels.newChannel(OutputStream)} would go through an 8 KiB heap buffer.
 */
final class ByteArrayChannel implements WritableByteChannel {
  /** A channel reading {@code bytes[from..]} with one bulk copy per read. */
  static ReadableByteChannel reader(byte[] bytes, int from) {
    return new ReadableByteChannel() {
      private int position = from;
      private boolean open = true;

      @Override
      public int read(ByteBuffer dst) {
        if (position >= bytes.length) {
          return -1;
        }
        int n = Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, position, n);
        position += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() {
        open = false;
      }
    };
  }

  private byte[] bytes;
  private int size;
  private boolean open = true;

  ByteArrayChannel(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  @Override
  public int write(ByteBuffer src) {
    int n = src.remaining();
    if (size + n > bytes.length) {
      long grown = Math.max((long) size + n, (long) bytes.length * 2);
      if (grown > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a tree batch over 2 GiB does not fit in one byte array");
      }
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
    src.get(bytes, size, n);
    size += n;
    return n;
  }

  /** Forgets what was written and reopens the channel, keeping the array for reuse. */
  void reset() {
    size = 0;
    open = true;
  }

  /** The bytes written, in an array of exactly that length. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
