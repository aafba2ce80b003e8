package rpn;

import java.util.ArrayDeque;
import java.util.Deque;

/** Evaluates expressions in reverse Polish notation, e.g. "3 4 + 2 *". */
public final class Rpn {
  private Rpn() {}

  public static long evaluate(String expression) {
    Deque<Long> stack = new ArrayDeque<>();
    for (String token : expression.trim().split("\\s+")) {
      switch (token) {
        case "+", "-", "*", "/" -> {
          if (stack.size() < 2) {
            throw new IllegalArgumentException("'" + token + "' needs two operands");
          }
          long a = stack.pop();
          long b = stack.pop();
          stack.push(apply(token, a, b));
        }
        default -> {
          try {
            stack.push(Long.parseLong(token));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown token '" + token + "'");
          }
        }
      }
    }
    if (stack.size() != 1) {
      throw new IllegalArgumentException("expected one result, stack holds " + stack.size());
    }
    return stack.pop();
  }

  private static long apply(String op, long left, long right) {
    return switch (op) {
      case "+" -> left + right;
      case "-" -> left - right;
      case "*" -> left * right;
      default -> left / right;
    };
  }
}
