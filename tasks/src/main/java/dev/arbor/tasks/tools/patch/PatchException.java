package dev.arbor.tasks.tools.patch;

/**
 * A patch that cannot be parsed or applied. The message names the file, the hunk and the first line
 * that did not match, for the model to fix its patch.
 */
public final class PatchException extends Exception {
  private static final long serialVersionUID = 1L;

  public PatchException(String message) {
    super(message);
  }
}
