package dev.arbor.tasks.tools.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CalculatorTest {

  private static String eval(String e) throws CalcException {
    return Calculator.evaluate(e).toString();
  }

  /**
   * The arithmetic suite's expressions, printed as its answer text ({@link Rational#toFraction}).
   */
  @Test
  void arithmeticSuiteExpressionsAsFractions() throws Exception {
    String[][] cases = {
      {"12*7", "84"}, {"2+3*4", "14"}, {"(2+3)*4", "20"}, {"10-4-3", "3"}, {"7/3", "7/3"},
      {"(7/3)*3", "7"}, {"7/3*3", "7"}, {"8/2/2", "2"}, {" -(4 - 10) ", "6"}, {"2.5*4", "10"},
      {"-3*-2", "6"}, {"5/2", "5/2"}
    };
    for (String[] c : cases) {
      assertThat(Calculator.evaluate(c[0]).toFraction()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void exactArithmetic() throws Exception {
    assertThat(eval("1 + 2 * 3")).isEqualTo("7");
    assertThat(eval("(1 + 2) * 3")).isEqualTo("9");
    assertThat(eval("0.1 + 0.2")).isEqualTo("0.3");
    assertThat(eval("1 / 3")).isEqualTo("1/3");
    assertThat(eval("1/3 + 1/6")).isEqualTo("0.5");
    assertThat(eval("3/8")).isEqualTo("0.375");
    assertThat(eval("-2 ** 2")).isEqualTo("-4");
    assertThat(eval("(-2) ** 2")).isEqualTo("4");
    assertThat(eval("2 ^ 3 ^ 2")).isEqualTo("512");
    assertThat(eval("2 ** -2")).isEqualTo("0.25");
    assertThat(eval("7 // 2")).isEqualTo("3");
    assertThat(eval("-7 // 2")).isEqualTo("-4");
    assertThat(eval("-7 % 3")).isEqualTo("2");
    assertThat(eval("7.5 % 2")).isEqualTo("1.5");
    assertThat(eval("1e3 + 2.5E-1")).isEqualTo("1000.25");
    assertThat(eval(".5 * 4")).isEqualTo("2");
    assertThat(eval("abs(-3) + max(1, 2, 3) - min(4, 5) + floor(-1.5) + ceil(1.2)")).isEqualTo("2");
    assertThat(eval("12345678901234567890 * 98765432109876543210"))
        .isEqualTo(
            new BigInteger("12345678901234567890")
                .multiply(new BigInteger("98765432109876543210"))
                .toString());
  }

  @Test
  void errorsShowWhere() {
    assertThatThrownBy(() -> eval("1 / (2 - 2)"))
        .isInstanceOf(CalcException.class)
        .hasMessageContaining("division by zero");
    assertThatThrownBy(() -> eval("2 + * 3"))
        .hasMessageContaining("unexpected '*'")
        .hasMessageContaining("^");
    assertThatThrownBy(() -> eval("(1 + 2")).hasMessageContaining("')' was expected");
    assertThatThrownBy(() -> eval("sqrt(2)")).hasMessageContaining("unknown name 'sqrt'");
    assertThatThrownBy(() -> eval("2 ** 0.5")).hasMessageContaining("not an integer");
    assertThatThrownBy(() -> eval("10 ** 100000")).hasMessageContaining("too large");
    assertThatThrownBy(
            () ->
                eval(
                    "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"))
        .hasMessageContaining("nested too deeply");
    assertThatThrownBy(() -> eval("")).hasMessageContaining("empty expression");
    assertThatThrownBy(() -> eval("1 2")).hasMessageContaining("unexpected '2'");
    assertThatThrownBy(() -> eval("1.2.3")).hasMessageContaining("not a number");
  }

  /** Reference: integer arithmetic on longs agrees with the evaluator. */
  @Property(tries = 300)
  void agreesWithLongArithmetic(
      @ForAll @IntRange(min = -10000, max = 10000) int a,
      @ForAll @IntRange(min = -10000, max = 10000) int b,
      @ForAll @IntRange(min = 1, max = 1000) int c)
      throws Exception {
    long expected = (long) a * b - (a + (long) b) * c;
    assertThat(eval(a + " * " + b + " - (" + a + " + " + b + ") * " + c))
        .isEqualTo(Long.toString(expected));
    assertThat(Calculator.evaluate("(" + a + ") / " + c).multiply(Rational.of(c)))
        .isEqualTo(Rational.of(a));
  }
}
