package dev.arbor.tasks.suite.arithmetic;

/**
 * Exact evaluation of the calculator's expressions: integers and decimals, {@code + - * /},
 * parentheses and unary minus, with the usual precedence; the result is a {@link Rational}, so
 * {@code 7/3} stays 7/3. The arithmetic suite uses it for the tool results of its teacher
 * trajectories; a {@code calc} tool that prints {@link Rational#toString()} of this value gives the
 * same text.
 */
public final class CalcExpression {
  /** Longest expression accepted. */
  public static final int MAX_LENGTH = 500;

  private final String text;
  private int pos;

  private CalcExpression(String text) {
    this.text = text;
  }

  /**
   * Evaluates {@code expression}.
   *
   * @throws IllegalArgumentException naming the position of a syntax error, or for division by zero
   */
  public static Rational evaluate(String expression) {
    if (expression.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("expression longer than " + MAX_LENGTH + " characters");
    }
    CalcExpression p = new CalcExpression(expression);
    Rational value = p.sum();
    p.skipSpaces();
    if (p.pos != expression.length()) {
      throw p.error("unexpected '" + expression.charAt(p.pos) + "'");
    }
    return value;
  }

  private Rational sum() {
    Rational v = product();
    while (true) {
      if (eat('+')) {
        v = v.add(product());
      } else if (eat('-')) {
        v = v.subtract(product());
      } else {
        return v;
      }
    }
  }

  private Rational product() {
    Rational v = unary();
    while (true) {
      if (eat('*')) {
        v = v.multiply(unary());
      } else if (eat('/')) {
        int at = pos;
        Rational d = unary();
        if (d.signum() == 0) {
          throw new IllegalArgumentException("division by zero at position " + at);
        }
        v = v.divide(d);
      } else {
        return v;
      }
    }
  }

  private Rational unary() {
    if (eat('-')) {
      return unary().negate();
    }
    if (eat('+')) {
      return unary();
    }
    if (eat('(')) {
      Rational v = sum();
      if (!eat(')')) {
        throw error("missing ')'");
      }
      return v;
    }
    return number();
  }

  private Rational number() {
    skipSpaces();
    int start = pos;
    while (pos < text.length()
        && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    if (start == pos) {
      throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "missing number");
    }
    try {
      return Rational.parse(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("bad number '" + text.substring(start, pos) + "'");
    }
  }

  private boolean eat(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at position " + pos + " in '" + text + "'");
  }
}
