package dev.arbor.tree.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Reading and writing tree batches as Arrow IPC, in the stream format (for Ray's object store and
 * pipes) and the file format (random access, for run folders). Reading accepts either format and
 * tells them apart by the file format's magic bytes.
 *
 * <p>Every method that takes a {@link BufferAllocator} leaves it holding no memory when it returns,
 * also on failure; the methods without one use a private allocator and check that.
 */
public final class TreeArrow {
  private static final byte[] FILE_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  private TreeArrow() {}

  /** The trees as one record batch in the IPC stream format. */
  public static byte[] toStreamBytes(List<TreeRecord> trees) {
    try (BufferAllocator allocator = new RootAllocator();
        TreeEncoder encoder = new TreeEncoder(allocator)) {
      return encoder.encode(trees);
    }
  }

  /** Decodes stream- or file-format bytes; {@code source} names them in errors. */
  public static List<TreeRecord> fromBytes(byte[] bytes, String source) throws TreeFormatException {
    try (BufferAllocator allocator = new RootAllocator()) {
      return fromBytes(bytes, source, allocator);
    }
  }

  /** Decodes stream- or file-format bytes with the caller's allocator. */
  public static List<TreeRecord> fromBytes(byte[] bytes, String source, BufferAllocator allocator)
      throws TreeFormatException {
    int skip = fileFormatPrefix(bytes, bytes.length, source);
    return read(source, allocator, bytes.length, () -> ByteArrayChannel.reader(bytes, skip));
  }

  /** Writes the trees to a file in the IPC file format, one record batch. */
  public static void writeFile(Path path, List<TreeRecord> trees) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        TreeArrowWriter writer = TreeArrowWriter.file(path, allocator)) {
      writer.write(trees);
    }
  }

  /** Reads every tree of a stream- or file-format file. */
  public static List<TreeRecord> readFile(Path path) throws IOException {
    try (BufferAllocator allocator = new RootAllocator()) {
      return readFile(path, allocator);
    }
  }

  /** Reads every tree of a stream- or file-format file with the caller's allocator. */
  public static List<TreeRecord> readFile(Path path, BufferAllocator allocator) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such tree file");
    }
    String source = path.toString();
    long size = Files.size(path);
    byte[] head = new byte[FILE_MAGIC.length];
    byte[] tail = new byte[FILE_MAGIC.length];
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.read(ByteBuffer.wrap(head), 0);
      channel.read(ByteBuffer.wrap(tail), Math.max(0, size - tail.length));
    }
    byte[] ends = new byte[2 * FILE_MAGIC.length];
    System.arraycopy(head, 0, ends, 0, head.length);
    System.arraycopy(tail, 0, ends, head.length, tail.length);
    int skip = fileFormatPrefix(ends, size, source);
    return read(
        source,
        allocator,
        size,
        () -> {
          FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
          channel.position(skip);
          return channel;
        });
  }

  @FunctionalInterface
  private interface ChannelFactory {
    ReadableByteChannel open() throws IOException;
  }

  /**
   * The IPC file format is "ARROW1", padding, a stream, a footer and "ARROW1" again; this reads the
   * stream part of either format. {@code ends} holds the first six bytes, then the last six when
   * the input is longer than twelve bytes.
   */
  private static List<TreeRecord> read(
      String source, BufferAllocator allocator, long sizeBytes, ChannelFactory factory)
      throws TreeFormatException {
    // A corrupt header must not make us allocate without bound: no buffer can exceed the input.
    long limit = Math.max(1L << 20, sizeBytes * 2 + (1L << 16));
    try (BufferAllocator child = allocator.newChildAllocator("tree-read:" + source, 0, limit);
        ReadableByteChannel channel = factory.open()) {
      return TreeBatchReader.read(channel, child);
    } catch (TreeFormatException e) {
      throw new TreeFormatException(source + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new TreeFormatException(
          source + ": not a valid Arbor tree batch (truncated or corrupt?): " + why, e);
    }
  }

  /**
   * Bytes to skip before the stream part: 8 for the file format (whose footer must then be
   * present), 0 for the stream format.
   */
  private static int fileFormatPrefix(byte[] bytes, long size, String source)
      throws TreeFormatException {
    if (!startsWithMagic(bytes, 0)) {
      return 0;
    }
    boolean tailPresent =
        size >= 2L * FILE_MAGIC.length + 8
            && startsWithMagic(bytes, bytes.length == size ? (int) size - 6 : FILE_MAGIC.length);
    if (!tailPresent) {
      throw new TreeFormatException(
          source + ": truncated Arrow file (the closing ARROW1 footer is missing)");
    }
    return 8;
  }

  private static boolean startsWithMagic(byte[] bytes, int at) {
    if (at < 0 || bytes.length < at + FILE_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < FILE_MAGIC.length; i++) {
      if (bytes[at + i] != FILE_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }
}
