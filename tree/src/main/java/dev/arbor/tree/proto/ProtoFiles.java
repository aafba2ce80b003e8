package dev.arbor.tree.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and writes protobuf messages in files: a single message per file, or a length-delimited
 * stream of messages of one type (each message preceded by its size as a varint, the format of
 * {@link MessageLite#writeDelimitedTo} and {@code parseDelimitedFrom}).
 *
 * <p>Writes are deterministic (map entries sorted by key, so equal messages give equal bytes) and
 * replace the file only once it is complete (written to {@code <name>.tmp}, then moved). Reads fail
 * with a {@link ProtoFileException} that names the file, the byte offset and what was wrong, e.g.
 * {@code tasks.binpb: truncated arbor.v1.TaskSpec: field 4 at byte 1234: its length says 80 bytes
 * but only 12 remain}.
 *
 * <pre>{@code
 * TaskSpec task = ProtoFiles.read(path, TaskSpec.getDefaultInstance());
 * ProtoFiles.writeDelimited(out, metas);
 * List<TrajectoryMeta> back = ProtoFiles.readDelimited(out, TrajectoryMeta.getDefaultInstance());
 * }</pre>
 */
public final class ProtoFiles {
  private ProtoFiles() {}

  /**
   * Reads a file holding exactly one message of {@code type}'s type.
   *
   * @param type any instance of the expected type, usually {@code X.getDefaultInstance()}
   * @throws ProtoFileException if the file is truncated or not a valid message of that type
   */
  public static <M extends Message> M read(Path file, M type) throws IOException {
    return parse(file, Files.readAllBytes(file), type);
  }

  /** Parses the whole content of {@code file}, already read into {@code data}. */
  static <M extends Message> M parse(Path file, byte[] data, M type) throws ProtoFileException {
    return parse(file, data, 0, "", type);
  }

  /** Writes one message to {@code file}, replacing it. */
  public static void write(Path file, MessageLite message) throws IOException {
    writeAtomically(file, message::writeTo);
  }

  /**
   * Reads a length-delimited stream of messages of {@code type}'s type.
   *
   * @throws ProtoFileException if the stream is truncated or a message is not valid
   */
  public static <M extends Message> List<M> readDelimited(Path file, M type) throws IOException {
    List<M> messages = new ArrayList<>();
    forEachDelimited(file, type, messages::add);
    return messages;
  }

  /**
   * Reads a length-delimited stream message by message, without holding the whole stream in memory.
   * Messages before a bad one have been passed to {@code action} when this throws.
   *
   * @throws ProtoFileException if the stream is truncated or a message is not valid
   */
  public static <M extends Message> void forEachDelimited(
      Path file, M type, Consumer<? super M> action) throws IOException {
    long fileSize = Files.size(file);
    try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file))) {
      for (long index = 0; ; index++) {
        long offset = in.count();
        String which = "message index " + index + " at byte " + offset;
        long size = readSizePrefix(in, file, offset, which);
        if (size < 0) {
          return;
        }
        long bodyOffset = in.count();
        long remaining = fileSize - bodyOffset;
        byte[] body = size <= remaining ? in.readNBytes((int) size) : new byte[0];
        if (body.length != size) {
          String problem =
              String.format(
                  "truncated stream of %s: %s says %d bytes but only %d remain",
                  typeName(type), which, size, Math.max(remaining, body.length));
          throw new ProtoFileException(file, offset, problem, null);
        }
        action.accept(parse(file, body, bodyOffset, which + ": ", type));
      }
    }
  }

  /** Writes {@code messages} to {@code file} as a length-delimited stream, replacing it. */
  public static void writeDelimited(Path file, Iterable<? extends MessageLite> messages)
      throws IOException {
    writeAtomically(
        file,
        out -> {
          for (MessageLite message : messages) {
            out.writeUInt32NoTag(message.getSerializedSize());
            message.writeTo(out);
          }
        });
  }

  /** Reads a size prefix; -1 at a clean end of stream. */
  private static long readSizePrefix(InputStream in, Path file, long offset, String which)
      throws IOException {
    long size = 0;
    for (int i = 0; i < 5; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return -1;
        }
        throw new ProtoFileException(
            file, offset, "truncated stream: the file ends inside the size of " + which, null);
      }
      size |= (long) (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        if (size > Integer.MAX_VALUE) {
          break;
        }
        return size;
      }
    }
    throw new ProtoFileException(
        file,
        offset,
        "not a length-delimited stream: the size of " + which + " is not a valid 32-bit varint",
        null);
  }

  private static <M extends Message> M parse(
      Path file, byte[] data, long baseOffset, String where, M type) throws ProtoFileException {
    CodedInputStream in = CodedInputStream.newInstance(data);
    try {
      M message = parserOf(type).parseFrom(in);
      in.checkLastTagWas(0);
      return message;
    } catch (InvalidProtocolBufferException e) {
      Optional<WireFraming.Overrun> overrun = WireFraming.findOverrun(data);
      if (overrun.isPresent()) {
        WireFraming.Overrun o = overrun.get();
        long at = baseOffset + o.fieldOffset();
        String field = o.fieldNumber() == 0 ? "a field" : "field " + o.fieldNumber();
        String problem =
            String.format(
                "%s%s %s: %s at byte %d: %s",
                where,
                where.isEmpty() ? "truncated" : "corrupt (cut short)",
                typeName(type),
                field,
                at,
                o.detail());
        throw new ProtoFileException(file, at, problem, e);
      }
      long at = baseOffset + in.getTotalBytesRead();
      String problem =
          String.format(
              "%snot a valid %s (parsing stopped near byte %d; is it another message type, or not"
                  + " protobuf at all?): %s",
              where, typeName(type), at, e.getMessage());
      throw new ProtoFileException(file, at, problem, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <M extends Message> Parser<M> parserOf(M type) {
    return (Parser<M>) type.getParserForType();
  }

  private static String typeName(Message type) {
    return type.getDescriptorForType().getFullName();
  }

  /** Counts the bytes read, for offsets in error messages. */
  private static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(new BufferedInputStream(in));
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }

  private interface Body {
    void writeTo(CodedOutputStream out) throws IOException;
  }

  private static void writeAtomically(Path file, Body body) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        CodedOutputStream out = CodedOutputStream.newInstance(os);
        out.useDeterministicSerialization();
        body.writeTo(out);
        out.flush();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
