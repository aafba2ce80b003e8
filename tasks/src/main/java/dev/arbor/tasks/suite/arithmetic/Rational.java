package dev.arbor.tasks.suite.arithmetic;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact rational number p/q in lowest terms with q &gt; 0. The arithmetic suite computes and
 * compares answers with it, so "108/2", "54" and "54.0" are the same answer and nothing is lost to
 * floating point.
 */
public final class Rational implements Comparable<Rational> {
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);

  /**
   * Longest text {@link #parse} accepts: answers are short, and BigInteger work must stay small.
   */
  public static final int MAX_TEXT_LENGTH = 200;

  private static final Pattern DECIMAL = Pattern.compile("([+-]?)(\\d+)(?:\\.(\\d+))?");
  private static final Pattern FRACTION = Pattern.compile("([+-]?\\d+)\\s*/\\s*([+-]?\\d+)");

  private final BigInteger num;
  private final BigInteger den;

  private Rational(BigInteger num, BigInteger den) {
    this.num = num;
    this.den = den;
  }

  /** p/q in lowest terms. */
  public static Rational of(BigInteger p, BigInteger q) {
    if (q.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    if (q.signum() < 0) {
      p = p.negate();
      q = q.negate();
    }
    BigInteger g = p.gcd(q);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      p = p.divide(g);
      q = q.divide(g);
    }
    return new Rational(p, q);
  }

  public static Rational of(long p, long q) {
    return of(BigInteger.valueOf(p), BigInteger.valueOf(q));
  }

  public static Rational of(long n) {
    return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
  }

  /**
   * Parses an integer ({@code -12}), a decimal ({@code 2.50}) or a fraction of integers ({@code
   * 7/3}, {@code -14 / 6}); surrounding white space is ignored.
   *
   * @throws NumberFormatException with a message that says what was expected
   */
  public static Rational parse(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new NumberFormatException("empty answer");
    }
    if (t.length() > MAX_TEXT_LENGTH) {
      throw new NumberFormatException("answer longer than " + MAX_TEXT_LENGTH + " characters");
    }
    Matcher d = DECIMAL.matcher(t);
    if (d.matches()) {
      BigDecimal value = new BigDecimal(d.group(2) + (d.group(3) == null ? "" : "." + d.group(3)));
      Rational r = fromDecimal(value);
      return "-".equals(d.group(1)) ? r.negate() : r;
    }
    Matcher f = FRACTION.matcher(t);
    if (f.matches()) {
      BigInteger q = new BigInteger(f.group(2));
      if (q.signum() == 0) {
        throw new NumberFormatException("'" + t + "' divides by zero");
      }
      return of(new BigInteger(f.group(1)), q);
    }
    throw new NumberFormatException(
        "'"
            + t
            + "' is not a number: expected an integer (54), a decimal (2.5) or a fraction (7/3)");
  }

  private static Rational fromDecimal(BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    return value.scale() <= 0
        ? of(unscaled.multiply(BigInteger.TEN.pow(-value.scale())), BigInteger.ONE)
        : of(unscaled, BigInteger.TEN.pow(value.scale()));
  }

  public BigInteger numerator() {
    return num;
  }

  public BigInteger denominator() {
    return den;
  }

  public boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  public int signum() {
    return num.signum();
  }

  public Rational add(Rational o) {
    return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational subtract(Rational o) {
    return of(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational multiply(Rational o) {
    return of(num.multiply(o.num), den.multiply(o.den));
  }

  /**
   * @throws ArithmeticException when {@code o} is zero
   */
  public Rational divide(Rational o) {
    return of(num.multiply(o.den), den.multiply(o.num));
  }

  public Rational negate() {
    return new Rational(num.negate(), den);
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rational r && num.equals(r.num) && den.equals(r.den);
  }

  @Override
  public int hashCode() {
    return Objects.hash(num, den);
  }

  /** {@code "54"} for integers, {@code "-7/3"} otherwise: the canonical answer text. */
  @Override
  public String toString() {
    return isInteger() ? num.toString() : num + "/" + den;
  }
}
