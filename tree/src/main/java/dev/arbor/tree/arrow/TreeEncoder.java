package dev.arbor.tree.arrow;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Encodes tree batches into self-contained IPC streams (schema, one record batch, end marker), the
 * unit that goes into Ray's object store. Keeps its Arrow buffers and its output array between
 * calls, so a long-lived encoder (one per tree-manager actor) allocates only when a batch outgrows
 * the previous ones. Not thread-safe; close it to release its buffers.
 */
public final class TreeEncoder implements AutoCloseable {
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final ByteArrayChannel out = new ByteArrayChannel(1 << 16);

  /** An encoder whose buffers come from a child of {@code parent}. */
  public TreeEncoder(BufferAllocator parent) {
    this.allocator = parent.newChildAllocator("tree-encoder", 0, Long.MAX_VALUE);
    this.root = VectorSchemaRoot.create(TreeSchema.schema(), allocator);
  }

  /** The trees as one IPC stream holding one record batch. */
  public byte[] encode(List<TreeRecord> trees) {
    out.reset();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      TreeVectors.fill(root, trees);
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** Bytes the encoder holds in Arrow buffers between calls. */
  public long retainedBytes() {
    return allocator.getAllocatedMemory();
  }

  @Override
  public void close() {
    root.close();
    allocator.close();
  }
}
