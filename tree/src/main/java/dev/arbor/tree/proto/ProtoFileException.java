package dev.arbor.tree.proto;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A protobuf file that could not be read: truncated, corrupt, or holding a different message type.
 * The message names the file, the byte offset and what was wrong.
 */
public final class ProtoFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  ProtoFileException(Path file, long offset, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
    this.offset = offset;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }

  /** Byte offset in the file where the problem was found (start of the bad field or message). */
  public long offset() {
    return offset;
  }
}
