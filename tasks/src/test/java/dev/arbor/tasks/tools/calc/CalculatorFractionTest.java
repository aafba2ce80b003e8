package dev.arbor.tasks.tools.calc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The expressions of the arithmetic suite, printed as its answer text ({@link
 * Rational#toFraction}).
 */
class CalculatorFractionTest {

  private static String eval(String e) throws CalcException {
    return Calculator.evaluate(e).toFraction();
  }

  @Test
  void evaluatesWithPrecedenceParenthesesAndUnaryMinus() throws CalcException {
    assertThat(eval("12*7")).isEqualTo("84");
    assertThat(eval("2+3*4")).isEqualTo("14");
    assertThat(eval("(2+3)*4")).isEqualTo("20");
    assertThat(eval("10-4-3")).isEqualTo("3");
    assertThat(eval("7/3")).isEqualTo("7/3");
    assertThat(eval("(7/3)*3")).isEqualTo("7");
    assertThat(eval("7/3*3")).isEqualTo("7");
    assertThat(eval("8/2/2")).isEqualTo("2");
    assertThat(eval(" -(4 - 10) ")).isEqualTo("6");
    assertThat(eval("2.5*4")).isEqualTo("10");
    assertThat(eval("-3*-2")).isEqualTo("6");
  }
}
