package dev.arbor.tasks.sandbox;

import java.io.IOException;

/**
 * A path given to a file tool or in a patch points outside the working copy (absolute, {@code ..},
 * or through a symbolic link), or is not a usable path at all. The message names the path and says
 * what is allowed.
 */
public final class PathNotAllowedException extends IOException {
  private static final long serialVersionUID = 1L;

  public PathNotAllowedException(String message) {
    super(message);
  }
}
