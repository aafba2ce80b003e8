package dev.arbor.tasks.importer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON Lines file line by line, the way real data sets need: lines end at {@code '\n'} only
 * (a {@code '\r'} inside a line is content, never a separator), one {@code '\r'} before the {@code
 * '\n'} is dropped (CRLF files), a UTF-8 byte order mark at the start is dropped, and each line is
 * decoded as strict UTF-8 on its own, so one bad line does not stop the rest.
 */
final class JsonLines implements AutoCloseable {
  /** One line: its 1-based number and its text, or why it could not be decoded. */
  record Line(long number, String text, String decodeError) {
    boolean ok() {
      return decodeError == null;
    }
  }

  private final InputStream in;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
  private long number;
  private boolean eof;

  private JsonLines(InputStream in) {
    this.in = in;
  }

  static JsonLines open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, expected a JSONL file");
    }
    return new JsonLines(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  /** The next line, or null at the end of the file. */
  Line next() throws IOException {
    if (eof) {
      return null;
    }
    buffer.reset();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      buffer.write(b);
    }
    if (b < 0) {
      eof = true;
      if (buffer.size() == 0) {
        return null;
      }
    }
    number++;
    byte[] bytes = buffer.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    int start = 0;
    if (number == 1
        && length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      start = 3;
    }
    return decode(number, ByteBuffer.wrap(bytes, start, length - start));
  }

  private static Line decode(long number, ByteBuffer bytes) {
    int base = bytes.position();
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.remaining());
    CoderResult r = decoder.decode(bytes, out, true);
    if (r.isError()) {
      return new Line(
          number,
          null,
          "not valid UTF-8: bad byte 0x"
              + Integer.toHexString(bytes.get(bytes.position()) & 0xff)
              + " at byte "
              + (bytes.position() - base + 1)
              + " of the line");
    }
    decoder.flush(out);
    return new Line(number, out.flip().toString(), null);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
