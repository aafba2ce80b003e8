package dev.arbor.tasks.suite.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CalcExpressionTest {

  private static String eval(String e) {
    return CalcExpression.evaluate(e).toString();
  }

  @Test
  void evaluatesWithPrecedenceParenthesesAndUnaryMinus() {
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

  @Test
  void syntaxErrorsNameThePosition() {
    assertThatThrownBy(() -> CalcExpression.evaluate("2+"))
        .hasMessageContaining("missing number")
        .hasMessageContaining("position 2");
    assertThatThrownBy(() -> CalcExpression.evaluate("(2+3")).hasMessageContaining("missing ')'");
    assertThatThrownBy(() -> CalcExpression.evaluate("2 x 3")).hasMessageContaining("'x'");
    assertThatThrownBy(() -> CalcExpression.evaluate("1/(2-2)"))
        .hasMessageContaining("division by zero");
    assertThatThrownBy(() -> CalcExpression.evaluate("1.2.3")).hasMessageContaining("bad number");
    assertThatThrownBy(() -> CalcExpression.evaluate("1+".repeat(300)))
        .hasMessageContaining("longer than");
  }
}
