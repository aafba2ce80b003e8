package dev.arbor.tasks.tools;

import dev.arbor.tasks.tools.calc.CalcException;
import dev.arbor.tasks.tools.calc.Calculator;
import dev.arbor.tasks.tools.calc.Rational;
import java.util.List;

/**
 * {@code calc(expr)}: exact arithmetic ({@link Calculator}). The result is an integer, a finite
 * decimal, or a fraction followed by a 12-digit decimal approximation, e.g. {@code 1/3 ≈
 * 0.333333333333}.
 */
final class CalcTool implements Tool {
  static final String NAME = "calc";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Evaluate an arithmetic expression exactly: + - * / // % ** ^ ( ), decimals, and abs,"
              + " min, max, floor, ceil. Example: (12.5 * 4 - 3) / 7",
          List.of(ToolSpec.Param.required("expr", "the expression")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException {
    try {
      Rational r = Calculator.evaluate(args.get("expr"));
      String text = r.toString();
      if (!r.isFiniteDecimal()) {
        text += " ≈ " + r.toBigDecimal(12).stripTrailingZeros().toPlainString();
      }
      return ToolOutput.ok(text);
    } catch (CalcException e) {
      throw new ToolException("calc: " + e.getMessage());
    }
  }
}
