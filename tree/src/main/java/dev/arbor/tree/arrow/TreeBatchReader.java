package dev.arbor.tree.arrow;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Reads the IPC messages of a tree batch (the stream format, which is also the body of the file
 * format) message by message.
 *
 * <p>Arrow's own readers leak a message body when a corrupt record batch fails to deserialize; this
 * loop owns each body until the record batch has taken it over, and validates every loaded batch
 * (buffer sizes, string offsets) before reading values from it.
 */
final class TreeBatchReader {
  private TreeBatchReader() {}

  static List<TreeRecord> read(ReadableByteChannel channel, BufferAllocator allocator)
      throws IOException {
    List<TreeRecord> trees = new ArrayList<>();
    try (MessageChannelReader messages =
        new MessageChannelReader(new ReadChannel(channel), allocator)) {
      MessageResult first = messages.readNext();
      if (first == null) {
        throw new TreeFormatException("empty: no Arrow schema message");
      }
      closeBody(first.getBodyBuffer());
      if (first.getMessage().headerType() != MessageHeader.Schema) {
        throw new TreeFormatException(
            "the first message is of type "
                + MessageHeader.name(first.getMessage().headerType())
                + ", not a schema");
      }
      Schema schema = MessageSerializer.deserializeSchema(first.getMessage());
      String mismatch = TreeSchema.mismatch(schema);
      if (mismatch != null) {
        throw new TreeFormatException(mismatch);
      }
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        VectorLoader loader = new VectorLoader(root);
        MessageResult next;
        while ((next = messages.readNext()) != null) {
          ArrowBuf body = next.getBodyBuffer();
          byte type = next.getMessage().headerType();
          if (type != MessageHeader.RecordBatch) {
            closeBody(body);
            throw new TreeFormatException(
                "unexpected message of type "
                    + MessageHeader.name(type)
                    + " (the tree schema uses record batches only)");
          }
          ArrowRecordBatch batch;
          try {
            batch =
                MessageSerializer.deserializeRecordBatch(
                    next.getMessage(), body == null ? allocator.getEmpty() : body);
          } catch (IOException | RuntimeException e) {
            closeBody(body);
            throw e;
          }
          try (batch) {
            loader.load(batch);
          }
          validate(root);
          trees.addAll(TreeVectors.read(root));
        }
      }
    }
    return trees;
  }

  /**
   * Checks buffer sizes against value counts for every column, and, for string columns, every
   * offset (a corrupt string offset would make a reader allocate an arbitrary array). Offsets of
   * the primitive list columns are checked row by row when read ({@code ListColumns.length}), so
   * their per-value pass is skipped: it would cost a fifth of the decode time.
   */
  private static void validate(VectorSchemaRoot root) {
    for (FieldVector vector : root.getFieldVectors()) {
      boolean strings =
          vector instanceof VarCharVector
              || (vector instanceof ListVector list
                  && list.getDataVector() instanceof VarCharVector);
      if (strings) {
        ValueVectorUtility.validateFull(vector);
      } else {
        ValueVectorUtility.validate(vector);
      }
    }
  }

  /** Releases every reference to a message body that no record batch took over. */
  private static void closeBody(ArrowBuf body) {
    if (body != null) {
      int refs = body.getReferenceManager().getRefCount();
      if (refs > 0) {
        body.getReferenceManager().release(refs);
      }
    }
  }
}
