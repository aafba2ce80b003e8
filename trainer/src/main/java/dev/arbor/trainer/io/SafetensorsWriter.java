package dev.arbor.trainer.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes DJL arrays as a safetensors file laid out as the reference implementation lays it out,
 * byte for byte: tensors ordered by dtype (widest first) then name, contiguous, the compact JSON
 * header with {@code __metadata__} first, padded with spaces to a multiple of 8 bytes so that the
 * data section is 8-byte aligned.
 *
 * <p>Floating arrays are stored as the writer's float type: {@link #float32()} or {@link
 * #bfloat16()} (round to nearest even, as PyTorch; see {@link BFloat16}). Integer and boolean
 * arrays are stored unchanged. Arrays are copied out in blocks of rows of at most 64 MiB, so
 * writing does not need a second copy of the model on the heap.
 *
 * <p>The file appears complete or not at all: it is written next to its destination and moved into
 * place. Instances are immutable.
 */
public final class SafetensorsWriter {

  /** The metadata transformers writes: {@code {"format": "pt"}}. */
  public static final Map<String, String> PT_METADATA = Map.of("format", "pt");

  private static final long BLOCK_BYTES = 64L << 20;

  private final SafetensorsDtype floatType;
  private final Map<String, String> metadata;

  private SafetensorsWriter(SafetensorsDtype floatType, Map<String, String> metadata) {
    this.floatType = floatType;
    this.metadata = new TreeMap<>(metadata);
  }

  /** A writer that stores floating arrays as F32. */
  public static SafetensorsWriter float32() {
    return new SafetensorsWriter(SafetensorsDtype.F32, Map.of());
  }

  /** A writer that stores floating arrays as BF16. */
  public static SafetensorsWriter bfloat16() {
    return new SafetensorsWriter(SafetensorsDtype.BF16, Map.of());
  }

  /**
   * A writer for a checkpoint dtype as {@code config.json} names it: {@code float32} or {@code
   * bfloat16}.
   */
  public static SafetensorsWriter forDtype(String dtype) {
    return switch (dtype) {
      case "float32" -> float32();
      case "bfloat16" -> bfloat16();
      default ->
          throw new IllegalArgumentException(
              "dtype must be float32 or bfloat16 to write safetensors, got " + dtype);
    };
  }

  /** This writer with {@code __metadata__} entries (e.g. {@link #PT_METADATA}). */
  public SafetensorsWriter withMetadata(Map<String, String> entries) {
    return new SafetensorsWriter(floatType, entries);
  }

  /** The type floating arrays are stored as. */
  public SafetensorsDtype floatType() {
    return floatType;
  }

  /**
   * Writes {@code tensors} (by name) to {@code file}, replacing it. The arrays are only read.
   *
   * @throws IOException naming the file when it cannot be written
   * @throws IllegalArgumentException naming the tensor when an array has an unsupported type
   */
  public void write(Path file, Map<String, NDArray> tensors) throws IOException {
    List<Entry> entries = layout(tensors);
    byte[] header = header(entries);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      prefix.putLong(header.length).flip();
      writeFully(out, prefix);
      writeFully(out, ByteBuffer.wrap(header));
      for (Entry e : entries) {
        writeData(out, e);
      }
      out.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      if (e instanceof IOException) {
        throw new IOException(file + ": cannot write: " + e.getMessage(), e);
      }
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private record Entry(String name, NDArray array, SafetensorsDtype dtype, long begin, long end) {}

  private List<Entry> layout(Map<String, NDArray> tensors) {
    List<Entry> unplaced = new ArrayList<>();
    for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
      DataType type = t.getValue().getDataType();
      SafetensorsDtype dtype;
      if (type.isFloating()) {
        dtype = floatType;
      } else {
        try {
          dtype = SafetensorsDtype.of(type);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "tensor '" + t.getKey() + "': cannot store DJL type " + type + " in safetensors", e);
        }
      }
      unplaced.add(new Entry(t.getKey(), t.getValue(), dtype, 0, 0));
    }
    // The reference implementation's order: dtype descending, then name; keeps data aligned.
    unplaced.sort(
        Comparator.comparing(Entry::dtype, Comparator.reverseOrder()).thenComparing(Entry::name));
    List<Entry> placed = new ArrayList<>();
    long offset = 0;
    for (Entry e : unplaced) {
      long bytes = e.array().getShape().size() * e.dtype().size();
      placed.add(new Entry(e.name(), e.array(), e.dtype(), offset, offset + bytes));
      offset += bytes;
    }
    return placed;
  }

  private byte[] header(List<Entry> entries) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    for (Entry e : entries) {
      ObjectNode t = root.putObject(e.name());
      t.put("dtype", e.dtype().name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.array().getShape().getShape()) {
        shape.add(d);
      }
      t.putArray("data_offsets").add(e.begin()).add(e.end());
    }
    byte[] compact = json.writeValueAsBytes(root);
    int padded = (compact.length + 7) / 8 * 8;
    byte[] header = new byte[padded];
    System.arraycopy(compact, 0, header, 0, compact.length);
    for (int i = compact.length; i < padded; i++) {
      header[i] = ' ';
    }
    return header;
  }

  /** Copies one array out in blocks of rows, converting floating types to the stored type. */
  private void writeData(FileChannel out, Entry e) throws IOException {
    NDArray array = e.array();
    long[] dims = array.getShape().getShape();
    long rows = dims.length == 0 ? 1 : dims[0];
    long rowBytes = rows == 0 ? 0 : (e.end() - e.begin()) / rows;
    if (rowBytes == 0) {
      return;
    }
    // Sized by the widest form a block takes on the way (up to 8 bytes per element).
    long rowsPerBlock = Math.max(1, BLOCK_BYTES / (rowBytes / e.dtype().size() * 8));
    for (long row = 0; row < rows; row += rowsPerBlock) {
      long end = Math.min(rows, row + rowsPerBlock);
      boolean whole = row == 0 && end == rows;
      NDArray block = whole ? array : array.get(new NDIndex("{}:{}", row, end));
      try {
        writeFully(out, encode(block, e.dtype()));
      } finally {
        if (block != array) {
          block.close();
        }
      }
    }
  }

  private static ByteBuffer encode(NDArray block, SafetensorsDtype dtype) {
    if (dtype != SafetensorsDtype.BF16) {
      DataType target = dtype.djlType();
      NDArray typed = block.getDataType() == target ? block : block.toType(target, false);
      try {
        return typed.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      } finally {
        if (typed != block) {
          typed.close();
        }
      }
    }
    NDArray f32 =
        block.getDataType() == DataType.FLOAT32 ? block : block.toType(DataType.FLOAT32, false);
    try {
      FloatBuffer floats = f32.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
      ByteBuffer bf16 = ByteBuffer.allocate(floats.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
      while (floats.hasRemaining()) {
        bf16.putShort(BFloat16.fromFloat(floats.get()));
      }
      return bf16.flip();
    } finally {
      if (f32 != block) {
        f32.close();
      }
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
