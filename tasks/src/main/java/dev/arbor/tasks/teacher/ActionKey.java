package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolCall;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.tools.calc.CalcException;
import dev.arbor.tasks.tools.calc.Calculator;
import dev.arbor.tasks.tools.calc.Rational;
import dev.arbor.tasks.tools.patch.PatchApplier;
import dev.arbor.tasks.tools.patch.PatchException;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a tool call does, as a short key, so that two calls that do the same thing compare equal:
 *
 * <ul>
 *   <li>{@code calc(84)}: the exact value, so {@code 12*7} and {@code 7*12} match;
 *   <li>{@code submit(54)}: the answer, canonical if it is a number; {@code submit()} without one;
 *   <li>{@code read_file(path)}, {@code write_file(path)}, {@code list_dir(path)}: the path without
 *       a leading {@code ./};
 *   <li>{@code apply_patch(a.py,b.py)}: the sorted paths the patch touches;
 *   <li>{@code run(python3)}: the program the command starts (its first word);
 *   <li>other tools: their name.
 * </ul>
 *
 * Arguments that cannot be read give {@code name(?)}.
 */
public final class ActionKey {
  private ActionKey() {}

  public static String of(TeacherCall call) {
    return of(call.name(), call.arguments());
  }

  public static String of(ToolCall call) {
    return of(call.getToolName(), call.getArgumentsMap());
  }

  /** The key of a call to {@code name} with {@code arguments}. */
  public static String of(String name, Map<String, String> arguments) {
    return name + "(" + argument(name, arguments) + ")";
  }

  private static String argument(String name, Map<String, String> args) {
    try {
      return switch (name) {
        case ToolCallFormat.CALC ->
            Calculator.evaluate(args.getOrDefault(ToolCallFormat.CALC_EXPR, "")).toFraction();
        case ToolCallFormat.SUBMIT -> answer(args.getOrDefault(ToolCallFormat.SUBMIT_ANSWER, ""));
        case ToolCallFormat.READ_FILE, ToolCallFormat.WRITE_FILE, ToolCallFormat.LIST_DIR ->
            path(args.getOrDefault(ToolCallFormat.PATH, ""));
        case ToolCallFormat.APPLY_PATCH ->
            String.join(
                ",",
                new TreeSet<>(PatchApplier.paths(args.getOrDefault(ToolCallFormat.PATCH, ""))));
        case ToolCallFormat.RUN -> {
          String[] words = args.getOrDefault(ToolCallFormat.COMMAND, "").strip().split("\\s+", 2);
          yield words[0];
        }
        default -> "";
      };
    } catch (IllegalArgumentException
        | ArithmeticException
        | CalcException
        | PatchException unreadable) {
      return "?";
    }
  }

  private static String answer(String a) {
    if (a.isBlank()) {
      return "";
    }
    try {
      return Rational.parseAnswer(a).toFraction();
    } catch (NumberFormatException notANumber) {
      return a.strip();
    }
  }

  private static String path(String p) {
    String s = p.strip();
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    return s;
  }
}
