package dev.arbor.trainer.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * A memory-mapped reader of one safetensors file (the format of Hugging Face checkpoints: an 8-byte
 * little-endian header length, a JSON header {@code {name: {dtype, shape, data_offsets}}} with
 * optional {@code __metadata__}, then the raw little-endian tensor bytes).
 *
 * <p>{@link #open} reads and validates only the header ({@link SafetensorsHeader}); tensors are
 * read lazily, by name, each through read-only mappings of just its bytes, so files of any size
 * work (a single {@code MappedByteBuffer} stops at 2 GiB) and nothing passes through the Java heap:
 * the mapped bytes are copied straight into the memory of an array PyTorch owns, in blocks of rows
 * of at most one mapping window (1 GiB), so tensors larger than 2 GiB load too.
 *
 * <p>Types: {@link #load(String, NDManager)} returns floating types (F16, BF16, F32, F64) as
 * float32 and keeps integer and boolean types; {@link #load(String, NDManager, DataType)} converts
 * to any type DJL's PyTorch engine holds ({@link #TORCH_TYPES}). Arrays belong to the caller's
 * manager; a failed load leaves nothing behind.
 *
 * <pre>{@code
 * try (Safetensors st = Safetensors.open(dir.resolve("model.safetensors"));
 *     NDManager m = NDManager.newBaseManager()) {
 *   NDArray embed = st.load("model.embed_tokens.weight", m);
 * }
 * }</pre>
 */
public final class Safetensors implements AutoCloseable {

  /** Largest byte range mapped at once (one {@code MappedByteBuffer} holds at most 2 GiB - 1). */
  static final long DEFAULT_WINDOW_BYTES = 1L << 30;

  /**
   * The types DJL 0.35.1's PyTorch engine maps to torch dtypes; any other type aborts the JVM in
   * native code ({@code GetScalarTypeFromDType}), so arrays of other types are never created.
   */
  static final Set<DataType> TORCH_TYPES =
      EnumSet.of(
          DataType.FLOAT32,
          DataType.FLOAT64,
          DataType.FLOAT16,
          DataType.UINT8,
          DataType.INT32,
          DataType.INT8,
          DataType.INT64,
          DataType.BOOLEAN);

  private final FileChannel channel;
  private final SafetensorsHeader header;
  private final long windowBytes;

  private Safetensors(FileChannel channel, SafetensorsHeader header, long windowBytes) {
    this.channel = channel;
    this.header = header;
    this.windowBytes = windowBytes;
  }

  /**
   * Opens a file and validates its header.
   *
   * @throws IOException naming the file (and tensor) when the file is not valid safetensors
   */
  public static Safetensors open(Path file) throws IOException {
    return open(file, DEFAULT_WINDOW_BYTES);
  }

  /** As {@link #open(Path)}, with a smaller mapping window so tests reach the multi-block path. */
  static Safetensors open(Path file, long windowBytes) throws IOException {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException(
          "safetensors data is little-endian; this reader needs a little-endian CPU");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new IOException(file + ": cannot open: " + e, e);
    }
    try {
      return new Safetensors(channel, SafetensorsHeader.read(file, channel), windowBytes);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The file this reader maps. */
  public Path file() {
    return header.file();
  }

  /** The validated header. */
  public SafetensorsHeader header() {
    return header;
  }

  /** The tensors by name, sorted. */
  public SortedMap<String, TensorInfo> tensors() {
    return header.tensors();
  }

  /** The {@code __metadata__} strings (empty when the file has none). */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /** Whether the file holds a tensor of this name. */
  public boolean contains(String name) {
    return header.tensors().containsKey(name);
  }

  /**
   * The header entry of a tensor.
   *
   * @throws IllegalArgumentException naming the file and the tensor when there is no such tensor
   */
  public TensorInfo info(String name) {
    TensorInfo t = header.tensors().get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          file()
              + ": no tensor '"
              + name
              + "' (the file holds "
              + header.tensors().size()
              + " tensors"
              + (header.tensors().isEmpty() ? "" : ", first: " + header.tensors().firstKey())
              + ")");
    }
    return t;
  }

  /**
   * Loads a tensor onto {@code manager}: floating types as float32, other types unchanged. The
   * array is named after the tensor ({@link NDArray#getName()}).
   */
  public NDArray load(String name, NDManager manager) throws IOException {
    TensorInfo t = info(name);
    return load(name, manager, t.dtype().isFloating() ? DataType.FLOAT32 : torchType(t));
  }

  /**
   * Loads a tensor onto {@code manager}, converted to {@code type}.
   *
   * @throws IllegalArgumentException for the types DJL's PyTorch engine cannot hold (bfloat16,
   *     int16, unsigned 16/32/64-bit): it aborts the JVM on them, so this refuses first
   */
  public NDArray load(String name, NDManager manager, DataType type) throws IOException {
    TensorInfo t = info(name);
    if (!TORCH_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "cannot load '"
              + name
              + "' as "
              + type
              + ": DJL's PyTorch engine supports "
              + TORCH_TYPES);
    }
    DataType stored = t.dtype() == SafetensorsDtype.BF16 ? DataType.FLOAT32 : torchType(t);
    if (!channel.isOpen()) {
      throw new IllegalStateException(file() + ": reader is closed");
    }
    if (t.elementCount() == 0) {
      NDArray empty = manager.create(t.shape(), type);
      empty.setName(name);
      return empty;
    }
    try (NDManager scratch = manager.newSubManager()) {
      NDArray out = fill(scratch, t, stored).toDevice(manager.getDevice(), false);
      out = out.toType(type, false);
      out.attach(manager);
      out.setName(name);
      return out;
    }
  }

  /** Loads every tensor, as {@link #load(String, NDManager)} does, in name order. */
  public Map<String, NDArray> loadAll(NDManager manager) throws IOException {
    Map<String, NDArray> out = new LinkedHashMap<>();
    try (NDManager staging = manager.newSubManager()) {
      for (String name : header.tensors().keySet()) {
        out.put(name, load(name, staging));
      }
      for (NDArray a : out.values()) {
        a.attach(manager);
      }
    }
    return out;
  }

  private DataType torchType(TensorInfo t) throws IOException {
    DataType stored = t.dtype().djlType();
    if (stored == null || !TORCH_TYPES.contains(stored)) {
      throw new IOException(
          file()
              + ": tensor '"
              + t.name()
              + "' has dtype "
              + t.dtype()
              + ", which DJL's PyTorch engine cannot hold; convert the checkpoint to F32 or BF16");
    }
    return stored;
  }

  /**
   * Row ranges {@code [first row, row count]} that split a tensor along its first dimension into
   * blocks of at most {@code maxBytes} stored bytes (one block when it fits or is a scalar).
   */
  private List<long[]> blocks(TensorInfo t, long maxBytes) throws IOException {
    long[] dims = t.dims();
    if (t.byteLength() <= maxBytes || dims.length == 0) {
      return List.of(new long[] {0, dims.length == 0 ? 1 : dims[0]});
    }
    long rowBytes = t.byteLength() / dims[0];
    if (rowBytes > maxBytes) {
      throw new IOException(
          file()
              + ": tensor '"
              + t.name()
              + "' "
              + TensorInfo.format(dims)
              + " has rows of "
              + rowBytes
              + " bytes, more than one mapping window ("
              + maxBytes
              + " bytes)");
    }
    long rowsPerBlock = maxBytes / rowBytes;
    List<long[]> out = new ArrayList<>();
    for (long row = 0; row < dims[0]; row += rowsPerBlock) {
      out.add(new long[] {row, Math.min(rowsPerBlock, dims[0] - row)});
    }
    return out;
  }

  /** Maps the stored bytes of a block of rows (read-only; unmapped when collected). */
  private ByteBuffer map(TensorInfo t, long[] rows) throws IOException {
    long[] dims = t.dims();
    long rowBytes = dims.length == 0 ? t.byteLength() : t.byteLength() / dims[0];
    long position = header.dataStart() + t.begin() + rows[0] * rowBytes;
    try {
      return channel.map(FileChannel.MapMode.READ_ONLY, position, rows[1] * rowBytes);
    } catch (IOException e) {
      throw new IOException(file() + ": tensor '" + t.name() + "': cannot map: " + e, e);
    }
  }

  /**
   * Copies a tensor's bytes from the file into a new CPU array of type {@code stored} that PyTorch
   * owns, block by block through each block's direct view ({@code toByteBuffer(true)} of a
   * contiguous CPU array is its memory): a memcpy from the mapping, or for bfloat16 a decode to
   * float32 in Java (DJL's PyTorch engine has no bfloat16). No copy of the tensor is made on the
   * heap and no second copy in native memory.
   */
  private NDArray fill(NDManager scratch, TensorInfo t, DataType stored) throws IOException {
    NDManager cpu = scratch.newSubManager(Device.cpu());
    NDArray out = cpu.create(t.shape(), stored);
    boolean bf16 = t.dtype() == SafetensorsDtype.BF16;
    // A direct view holds at most 2 GiB - 1; bfloat16 doubles in size on the way.
    List<long[]> blocks = blocks(t, Math.min(windowBytes, bf16 ? 1L << 29 : 1L << 30));
    for (long[] rows : blocks) {
      ByteBuffer src = map(t, rows).order(ByteOrder.LITTLE_ENDIAN);
      NDArray target =
          blocks.size() == 1 ? out : out.get(new NDIndex("{}:{}", rows[0], rows[0] + rows[1]));
      try {
        // A block of whole rows of a new array is contiguous, so this is its memory, not a copy.
        ByteBuffer dst = target.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (bf16) {
          ShortBuffer in = src.asShortBuffer();
          FloatBuffer f32 = dst.asFloatBuffer();
          for (int i = 0, n = in.remaining(); i < n; i++) {
            f32.put(i, BFloat16.toFloat(in.get(i)));
          }
        } else {
          dst.put(src);
        }
      } finally {
        if (target != out) {
          target.close();
        }
      }
    }
    return out;
  }

  /** Closes the file. Arrays already loaded are unaffected (they own copies). */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
