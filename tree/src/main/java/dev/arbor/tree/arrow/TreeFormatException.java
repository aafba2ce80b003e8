package dev.arbor.tree.arrow;

import java.io.IOException;

/** An Arrow stream or file that is not a valid Arbor tree batch; the message names the source. */
public final class TreeFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TreeFormatException(String message) {
    super(message);
  }

  public TreeFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
