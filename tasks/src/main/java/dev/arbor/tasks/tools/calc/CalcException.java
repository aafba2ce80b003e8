package dev.arbor.tasks.tools.calc;

/** An expression that cannot be evaluated; the message shows where, with a caret. */
public final class CalcException extends Exception {
  private static final long serialVersionUID = 1L;

  public CalcException(String message) {
    super(message);
  }
}
