package dev.arbor.tree.arrow;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Writes tree batches incrementally: each {@link #write} call is one Arrow record batch. Closing
 * ends the stream (or writes the file footer) and releases every Arrow buffer.
 */
public final class TreeArrowWriter implements AutoCloseable {
  private final VectorSchemaRoot root;
  private final ArrowWriter writer;
  private final AutoCloseable sink;
  private boolean started;
  private long batches;

  private TreeArrowWriter(VectorSchemaRoot root, ArrowWriter writer, AutoCloseable sink) {
    this.root = root;
    this.writer = writer;
    this.sink = sink;
  }

  /** A writer of the IPC stream format. Does not close {@code out}. */
  public static TreeArrowWriter stream(OutputStream out, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(TreeSchema.schema(), allocator);
    OutputStream unclosable =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    return new TreeArrowWriter(
        root, new ArrowStreamWriter(root, null, Channels.newChannel(unclosable)), () -> {});
  }

  /** A writer of the IPC file format, creating or replacing {@code path}. */
  public static TreeArrowWriter file(Path path, BufferAllocator allocator) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    VectorSchemaRoot root = VectorSchemaRoot.create(TreeSchema.schema(), allocator);
    return new TreeArrowWriter(root, new ArrowFileWriter(root, null, channel), channel);
  }

  /** Writes the trees as one record batch (one row per tree). */
  public void write(List<TreeRecord> trees) throws IOException {
    if (!started) {
      writer.start();
      started = true;
    }
    TreeVectors.fill(root, trees);
    writer.writeBatch();
    batches++;
  }

  /** Number of record batches written so far. */
  public long batches() {
    return batches;
  }

  @Override
  public void close() throws IOException {
    try {
      if (!started) {
        writer.start();
      }
      writer.end();
    } finally {
      try {
        writer.close();
        root.close();
        sink.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }
}
