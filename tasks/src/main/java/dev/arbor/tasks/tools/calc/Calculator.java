package dev.arbor.tasks.tools.calc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates arithmetic expressions exactly, over {@link Rational}s: no rounding anywhere.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/' | '//' | '%') unary)*      // and % as in Python: floor division, modulo
 * unary   := ('+' | '-') unary | power
 * power   := atom (('^' | '**') unary)?                    // right-associative, integer exponents
 * atom    := NUMBER | '(' expr ')' | FUNC '(' expr (',' expr)* ')'
 * NUMBER  := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]      e.g. 12, 0.5, .5, 1e-3
 * FUNC    := abs | min | max | floor | ceil
 * </pre>
 *
 * Whitespace is ignored. Limits keep a model from asking for the impossible: at most {@value
 * #MAX_LENGTH} characters, nesting depth {@value #MAX_DEPTH}, exponents up to {@value
 * #MAX_EXPONENT} in size, and no intermediate result over {@value #MAX_BITS} bits.
 */
public final class Calculator {
  public static final int MAX_LENGTH = 4000;
  public static final int MAX_DEPTH = 100;
  public static final int MAX_EXPONENT = 10_000;
  public static final int MAX_BITS = 100_000;

  private final String src;
  private int pos;
  private int depth;

  private Calculator(String src) {
    this.src = src;
  }

  /** The exact value of {@code expression}. */
  public static Rational evaluate(String expression) throws CalcException {
    if (expression == null || expression.isBlank()) {
      throw new CalcException("empty expression; write e.g. 12 * (3 + 4) / 5");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new CalcException(
          "expression has " + expression.length() + " characters; at most " + MAX_LENGTH);
    }
    Calculator c = new Calculator(expression);
    try {
      Rational r = c.expr();
      c.skipSpace();
      if (c.pos < c.src.length()) {
        throw c.error("unexpected '" + c.src.charAt(c.pos) + "'");
      }
      return r;
    } catch (ArithmeticException e) {
      throw new CalcException(e.getMessage() + " in: " + expression.strip());
    }
  }

  private Rational expr() throws CalcException {
    enter();
    Rational v = term();
    while (true) {
      if (eat("+")) {
        v = checked(v.add(term()));
      } else if (eat("-")) {
        v = checked(v.subtract(term()));
      } else {
        depth--;
        return v;
      }
    }
  }

  private Rational term() throws CalcException {
    Rational v = unary();
    while (true) {
      int at = pos;
      if (eat("//")) {
        Rational d = unary();
        v = floorDiv(v, d, at);
      } else if (peekIs("**")) {
        return v;
      } else if (eat("*")) {
        v = checked(v.multiply(unary()));
      } else if (eat("/")) {
        Rational d = unary();
        if (d.signum() == 0) {
          throw errorAt(at, "division by zero");
        }
        v = checked(v.divide(d));
      } else if (eat("%")) {
        Rational d = unary();
        v = checked(v.subtract(d.multiply(floorDiv(v, d, at))));
      } else {
        return v;
      }
    }
  }

  private Rational floorDiv(Rational a, Rational b, int at) throws CalcException {
    if (b.signum() == 0) {
      throw errorAt(at, "division by zero");
    }
    Rational q = a.divide(b);
    return new Rational(floor(q), BigInteger.ONE);
  }

  private Rational unary() throws CalcException {
    if (eat("-")) {
      enter();
      Rational v = unary().negate();
      depth--;
      return v;
    }
    if (eat("+")) {
      enter();
      Rational v = unary();
      depth--;
      return v;
    }
    return power();
  }

  private Rational power() throws CalcException {
    Rational base = atom();
    int at = pos;
    if (eat("**") || eat("^")) {
      enter();
      Rational e = unary();
      depth--;
      if (!e.isInteger()) {
        throw errorAt(at, "exponent " + e + " is not an integer; only integer powers are exact");
      }
      if (e.num().abs().compareTo(BigInteger.valueOf(MAX_EXPONENT)) > 0) {
        throw errorAt(at, "exponent " + e + " is too large (at most " + MAX_EXPONENT + ")");
      }
      int n = e.num().intValueExact();
      if (base.signum() == 0 && n < 0) {
        throw errorAt(at, "division by zero (0 to a negative power)");
      }
      if ((long) base.bitLength() * Math.abs(n) > 2L * MAX_BITS) {
        throw errorAt(at, "result too large (over " + MAX_BITS + " bits)");
      }
      return checked(base.pow(n));
    }
    return base;
  }

  private Rational atom() throws CalcException {
    skipSpace();
    if (pos >= src.length()) {
      throw error("expression ends where a number or '(' was expected");
    }
    char c = src.charAt(pos);
    if (c == '(') {
      pos++;
      Rational v = expr();
      expect(")");
      return v;
    }
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (Character.isLetter(c)) {
      return function();
    }
    throw error("unexpected '" + c + "'; expected a number, '(' or a function");
  }

  private Rational number() throws CalcException {
    int start = pos;
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    String text = src.substring(start, pos);
    try {
      BigDecimal d = new BigDecimal(text);
      if (Math.abs((long) d.scale()) > MAX_EXPONENT) {
        throw errorAt(start, "number '" + text + "' is too large or too small");
      }
      return checked(Rational.of(d));
    } catch (NumberFormatException e) {
      throw errorAt(start, "'" + text + "' is not a number");
    }
  }

  private Rational function() throws CalcException {
    int start = pos;
    while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
      pos++;
    }
    String name = src.substring(start, pos);
    if (!List.of("abs", "min", "max", "floor", "ceil").contains(name)) {
      throw errorAt(start, "unknown name '" + name + "'; functions: abs, min, max, floor, ceil");
    }
    expect("(");
    List<Rational> args = new ArrayList<>();
    args.add(expr());
    while (eat(",")) {
      args.add(expr());
    }
    expect(")");
    boolean one = name.equals("abs") || name.equals("floor") || name.equals("ceil");
    if (one && args.size() != 1) {
      throw errorAt(start, name + "() takes 1 argument, got " + args.size());
    }
    Rational a = args.get(0);
    return switch (name) {
      case "abs" -> a.signum() < 0 ? a.negate() : a;
      case "floor" -> new Rational(floor(a), BigInteger.ONE);
      case "ceil" -> new Rational(floor(a.negate()).negate(), BigInteger.ONE);
      case "min" -> args.stream().min(Rational::compareTo).orElseThrow();
      default -> args.stream().max(Rational::compareTo).orElseThrow();
    };
  }

  private static BigInteger floor(Rational q) {
    BigInteger[] qr = q.num().divideAndRemainder(q.den());
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  private Rational checked(Rational r) throws CalcException {
    if (r.bitLength() > MAX_BITS) {
      throw error("intermediate result too large (over " + MAX_BITS + " bits)");
    }
    return r;
  }

  private void enter() throws CalcException {
    if (++depth > MAX_DEPTH) {
      throw error("expression nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
  }

  private boolean eat(String token) {
    skipSpace();
    if (src.startsWith(token, pos)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private boolean peekIs(String token) {
    skipSpace();
    return src.startsWith(token, pos);
  }

  private void expect(String token) throws CalcException {
    if (!eat(token)) {
      throw error(
          pos >= src.length()
              ? "expression ends where '" + token + "' was expected"
              : "expected '" + token + "' but found '" + src.charAt(pos) + "'");
    }
  }

  private void skipSpace() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private CalcException error(String message) {
    return errorAt(pos, message);
  }

  private CalcException errorAt(int at, String message) {
    String line = src.replace('\n', ' ').replace('\t', ' ');
    int col = Math.min(at, line.length());
    if (line.length() > 200) {
      int from = Math.max(0, col - 100);
      line = line.substring(from, Math.min(line.length(), from + 200));
      col -= from;
    }
    return new CalcException(
        String.format("%s at position %d:%n  %s%n  %s^", message, at + 1, line, " ".repeat(col)));
  }
}
