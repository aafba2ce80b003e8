package dev.arbor.tasks.suite.miniswe;

import java.io.IOException;

/** A mini-swe task folder is broken; the message names the file and the field. */
public final class MiniSweException extends IOException {
  private static final long serialVersionUID = 1L;

  public MiniSweException(String message) {
    super(message);
  }

  public MiniSweException(String message, Throwable cause) {
    super(message, cause);
  }
}
