package dev.arbor.tasks.tools.calc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact rational number p/q in lowest terms with q > 0. Arithmetic never rounds; {@link
 * #toString()} gives an integer, a finite decimal when one exists ({@code 3/8 -> 0.375}), or a
 * fraction ({@code 1/3}). {@link #toFraction()} and {@link #parseAnswer} are the arithmetic suite's
 * canonical answer text ({@code "54"}, {@code "-7/3"}) and its lenient answer parser.
 */
public record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  /**
   * Longest text {@link #parseAnswer} accepts: answers are short, and BigInteger work must stay
   * small.
   */
  public static final int MAX_ANSWER_LENGTH = 200;

  private static final Pattern DECIMAL = Pattern.compile("([+-]?)(\\d+)(?:\\.(\\d+))?");
  private static final Pattern FRACTION = Pattern.compile("([+-]?\\d+)\\s*/\\s*([+-]?\\d+)");

  public Rational {
    if (den.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
    if (num.signum() == 0) {
      den = BigInteger.ONE;
    }
  }

  public static Rational of(long n) {
    return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
  }

  public static Rational of(long n, long d) {
    return new Rational(BigInteger.valueOf(n), BigInteger.valueOf(d));
  }

  /** The exact value of a decimal literal such as {@code 12.50} or {@code 1e-3}. */
  public static Rational of(BigDecimal d) {
    BigInteger unscaled = d.unscaledValue();
    int scale = d.scale();
    return scale >= 0
        ? new Rational(unscaled, BigInteger.TEN.pow(scale))
        : new Rational(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
  }

  /** Parses what {@link #toString()} prints: an integer, a decimal or {@code p/q}. */
  public static Rational parse(String s) {
    String t = s.strip();
    int slash = t.indexOf('/');
    if (slash >= 0) {
      return new Rational(
          new BigInteger(t.substring(0, slash).strip()),
          new BigInteger(t.substring(slash + 1).strip()));
    }
    return of(new BigDecimal(t));
  }

  /**
   * Parses a submitted answer: an integer ({@code -12}), a decimal ({@code 2.50}) or a fraction of
   * integers ({@code 7/3}, {@code -14 / 6}); surrounding white space is ignored. Stricter than
   * {@link #parse}: no exponents, at most {@value #MAX_ANSWER_LENGTH} characters.
   *
   * @throws NumberFormatException with a message that says what was expected
   */
  public static Rational parseAnswer(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new NumberFormatException("empty answer");
    }
    if (t.length() > MAX_ANSWER_LENGTH) {
      throw new NumberFormatException("answer longer than " + MAX_ANSWER_LENGTH + " characters");
    }
    Matcher d = DECIMAL.matcher(t);
    if (d.matches()) {
      Rational r = of(new BigDecimal(d.group(2) + (d.group(3) == null ? "" : "." + d.group(3))));
      return "-".equals(d.group(1)) ? r.negate() : r;
    }
    Matcher f = FRACTION.matcher(t);
    if (f.matches()) {
      BigInteger q = new BigInteger(f.group(2));
      if (q.signum() == 0) {
        throw new NumberFormatException("'" + t + "' divides by zero");
      }
      return new Rational(new BigInteger(f.group(1)), q);
    }
    throw new NumberFormatException(
        "'"
            + t
            + "' is not a number: expected an integer (54), a decimal (2.5) or a fraction (7/3)");
  }

  /** {@code "54"} for integers, {@code "-7/3"} otherwise: the canonical answer text. */
  public String toFraction() {
    return isInteger() ? num.toString() : num + "/" + den;
  }

  public Rational add(Rational o) {
    return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational subtract(Rational o) {
    return add(o.negate());
  }

  public Rational multiply(Rational o) {
    return new Rational(num.multiply(o.num), den.multiply(o.den));
  }

  public Rational divide(Rational o) {
    if (o.num.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    return new Rational(num.multiply(o.den), den.multiply(o.num));
  }

  public Rational negate() {
    return new Rational(num.negate(), den);
  }

  /** This to an integer power (negative allowed unless this is 0). */
  public Rational pow(int e) {
    if (e < 0) {
      return ONE.divide(pow(-e));
    }
    return new Rational(num.pow(e), den.pow(e));
  }

  public boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  public int signum() {
    return num.signum();
  }

  /** Bits of numerator plus denominator: a size measure for limits. */
  public int bitLength() {
    return num.bitLength() + den.bitLength();
  }

  /** True when the decimal expansion ends (the denominator has no prime factors but 2 and 5). */
  public boolean isFiniteDecimal() {
    BigInteger d = den;
    BigInteger two = BigInteger.TWO;
    BigInteger five = BigInteger.valueOf(5);
    d = d.shiftRight(d.getLowestSetBit());
    while (d.mod(five).signum() == 0) {
      d = d.divide(five);
    }
    return d.equals(BigInteger.ONE) || d.equals(two);
  }

  /** Decimal approximation with {@code digits} significant digits (half-even). */
  public BigDecimal toBigDecimal(int digits) {
    return new BigDecimal(num)
        .divide(new BigDecimal(den), new MathContext(digits, RoundingMode.HALF_EVEN));
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public String toString() {
    if (isInteger()) {
      return num.toString();
    }
    if (isFiniteDecimal()) {
      return new BigDecimal(num).divide(new BigDecimal(den)).stripTrailingZeros().toPlainString();
    }
    return num + "/" + den;
  }
}
