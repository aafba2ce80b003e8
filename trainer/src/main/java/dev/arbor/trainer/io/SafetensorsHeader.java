package dev.arbor.trainer.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parsed and validated header of a safetensors file: where the data section starts, the tensors
 * by name and the optional {@code __metadata__} strings. Reading it touches only the first {@code 8
 * + header length} bytes of the file.
 *
 * <p>Validation, each failure an {@link IOException} naming the file (and the tensor): the length
 * prefix fits the file and the 100 MB limit of the reference implementation; the header is a JSON
 * object without duplicate keys; every tensor has a known dtype, a shape of non-negative integers
 * and {@code data_offsets [begin, end]} with {@code 0 <= begin <= end <= data length} and {@code
 * end - begin = product(shape) * dtype size}; no two tensors overlap; metadata values are strings.
 *
 * @param file the file, for messages
 * @param dataStart absolute offset of the data section ({@code 8 + header length})
 * @param dataLength bytes in the data section ({@code file size - dataStart})
 * @param tensors tensors by name, sorted by name
 * @param metadata the {@code __metadata__} entries (empty when absent)
 */
public record SafetensorsHeader(
    Path file,
    long dataStart,
    long dataLength,
    SortedMap<String, TensorInfo> tensors,
    Map<String, String> metadata) {

  /** Largest header the reference implementation accepts. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public SafetensorsHeader {
    tensors = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
    metadata = Map.copyOf(metadata);
  }

  /** Reads and validates the header of an open file. */
  static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new IOException(
          file + ": not a safetensors file: " + size + " bytes, shorter than the 8-byte header");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, prefix, 0, file);
    long headerLength = prefix.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
      throw new IOException(
          file
              + ": not a safetensors file: header length "
              + Long.toUnsignedString(headerLength)
              + " does not fit a file of "
              + size
              + " bytes (limit "
              + MAX_HEADER_BYTES
              + ")");
    }
    ByteBuffer header = ByteBuffer.allocate((int) headerLength);
    readFully(channel, header, 8, file);
    JsonNode root;
    try {
      root = JSON.readTree(header.array());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": header is not a JSON object");
    }
    return parse(file, root, 8 + headerLength, size - 8 - headerLength);
  }

  private static SafetensorsHeader parse(Path file, JsonNode root, long dataStart, long dataLength)
      throws IOException {
    Map<String, String> metadata = new TreeMap<>();
    SortedMap<String, TensorInfo> tensors = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        metadata = metadata(file, e.getValue());
      } else {
        tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), dataLength));
      }
    }
    List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
    byOffset.removeIf(t -> t.byteLength() == 0);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin));
    TensorInfo last = null;
    for (TensorInfo cur : byOffset) {
      if (last != null && cur.begin() < last.end()) {
        throw new IOException(
            file
                + ": tensors '"
                + last.name()
                + "' ["
                + last.begin()
                + ", "
                + last.end()
                + ") and '"
                + cur.name()
                + "' ["
                + cur.begin()
                + ", "
                + cur.end()
                + ") overlap in the data section");
      }
      if (last == null || cur.end() > last.end()) {
        last = cur;
      }
    }
    return new SafetensorsHeader(file, dataStart, dataLength, tensors, metadata);
  }

  private static Map<String, String> metadata(Path file, JsonNode node) throws IOException {
    if (!node.isObject()) {
      throw new IOException(file + ": __metadata__ is not a JSON object of strings");
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IOException(
            file + ": __metadata__ value of '" + e.getKey() + "' is not a string: " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static TensorInfo tensor(Path file, String name, JsonNode node, long dataLength)
      throws IOException {
    String where = file + ": tensor '" + name + "': ";
    if (!node.isObject()) {
      throw new IOException(where + "header entry is not a JSON object: " + node);
    }
    SafetensorsDtype dtype;
    try {
      dtype = SafetensorsDtype.of(node.path("dtype").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + e.getMessage(), e);
    }
    JsonNode shape = node.path("shape");
    if (!shape.isArray()) {
      throw new IOException(where + "shape is missing or not an array: " + shape);
    }
    long[] dims = new long[shape.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = shape.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw new IOException(where + "shape " + shape + " has a non-integer or negative entry");
      }
      dims[i] = d.asLong();
      try {
        count = Math.multiplyExact(count, dims[i]);
      } catch (ArithmeticException e) {
        throw new IOException(where + "shape " + shape + " overflows 64 bits", e);
      }
    }
    JsonNode offsets = node.path("data_offsets");
    if (!offsets.isArray()
        || offsets.size() != 2
        || !offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()) {
      throw new IOException(where + "data_offsets must be [begin, end], got " + offsets);
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin || end > dataLength) {
      throw new IOException(
          where
              + "data_offsets ["
              + begin
              + ", "
              + end
              + "] lie outside the data section of "
              + dataLength
              + " bytes (file truncated?)");
    }
    long expected;
    try {
      expected = Math.multiplyExact(count, dtype.size());
    } catch (ArithmeticException e) {
      throw new IOException(where + "shape " + shape + " overflows 64 bits", e);
    }
    if (end - begin != expected) {
      throw new IOException(
          where
              + "data_offsets ["
              + begin
              + ", "
              + end
              + "] hold "
              + (end - begin)
              + " bytes, but shape "
              + TensorInfo.format(dims)
              + " of "
              + dtype
              + " needs "
              + expected);
    }
    return new TensorInfo(name, dtype, dims, begin, end);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
      throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw new IOException(file + ": unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }
}
