package dev.arbor.tasks.tools;

/**
 * The agent called a tool wrongly (a missing or invalid argument, a file that does not exist): an
 * ERROR result with this message, which the model sees. Not for failures of the infrastructure.
 */
public final class ToolException extends Exception {
  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }
}
