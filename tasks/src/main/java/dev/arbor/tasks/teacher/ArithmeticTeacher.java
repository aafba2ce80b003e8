package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tree.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher trajectories for {@code arithmetic-tools}: the problem's worked solution as an episode.
 * Each turn is a sentence of model text, {@code calc} calls and their results; the last turn
 * submits the answer:
 *
 * <pre>
 * PROMPT       Ana has 3 apples. Ana gets 4 more apples. ...
 * MODEL        Ana gets 4 more apples: 3+4.
 * TOOL_CALL    &lt;tool_call&gt;{"name": "calc", "arguments": {"expr": "3+4"}}&lt;/tool_call&gt;
 * TOOL_RESULT  &lt;tool_result name="calc" status="ok"&gt;
 *              7
 *              &lt;/tool_result&gt;
 * ...
 * MODEL        The answer is 5.
 * TOOL_CALL    &lt;tool_call&gt;{"name": "submit", "arguments": {"answer": "5"}}&lt;/tool_call&gt;
 * </pre>
 *
 * With {@code parallelCalls}, steps whose inputs are all known go into one turn as several calls
 * (the two chains of a two-person problem run side by side), so the episode has as many calc turns
 * as the dependency depth of the problem. Tool results come from running the calls through the
 * task's real tools ({@link RegistryToolResults}), so they are exactly what {@code
 * ArithmeticEnvironment} returns for the same calls.
 */
public final class ArithmeticTeacher {
  private ArithmeticTeacher() {}

  /** The teacher episode of {@code problem}. */
  public static TeacherTrajectory generate(ArithmeticProblem problem, boolean parallelCalls) {
    List<ArithmeticProblem.Step> steps = problem.steps();
    int[] depth = new int[steps.size()];
    int maxDepth = 0;
    for (int i = 0; i < steps.size(); i++) {
      for (int in : steps.get(i).inputs()) {
        depth[i] = Math.max(depth[i], depth[in] + 1);
      }
      maxDepth = Math.max(maxDepth, depth[i]);
    }
    List<List<Integer>> turns = new ArrayList<>();
    if (parallelCalls) {
      for (int d = 0; d <= maxDepth; d++) {
        List<Integer> wave = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
          if (depth[i] == d) {
            wave.add(i);
          }
        }
        turns.add(wave);
      }
    } else {
      for (int i = 0; i < steps.size(); i++) {
        turns.add(List.of(i));
      }
    }
    ToolResults tools = RegistryToolResults.withoutSandbox(ArithmeticSuite.toTask(problem));
    List<TextSegment> segments = new ArrayList<>();
    segments.add(TextSegment.text(Role.PROMPT, problem.text()));
    int callNo = 0;
    for (List<Integer> turn : turns) {
      StringBuilder text = new StringBuilder();
      List<TeacherCall> calls = new ArrayList<>();
      List<ToolResult> results = new ArrayList<>();
      for (int i : turn) {
        ArithmeticProblem.Step s = steps.get(i);
        text.append(text.length() == 0 ? "" : " ").append(s.explanation());
        TeacherCall call =
            TeacherCall.of(
                "call-" + ++callNo, ToolCallFormat.CALC, ToolCallFormat.CALC_EXPR, s.expression());
        calls.add(call);
        results.add(run(tools, call, problem));
      }
      segments.add(TextSegment.text(Role.MODEL, text.toString()));
      segments.add(TextSegment.calls(calls));
      segments.add(TextSegment.results(results));
    }
    String answer = problem.answer().toFraction();
    segments.add(TextSegment.text(Role.MODEL, "The answer is " + answer + "."));
    segments.add(
        TextSegment.calls(
            List.of(
                TeacherCall.of(
                    "call-" + ++callNo,
                    ToolCallFormat.SUBMIT,
                    ToolCallFormat.SUBMIT_ANSWER,
                    answer))));
    return new TeacherTrajectory(
        problem.id(), ArithmeticSuite.NAME, TeacherTrajectory.GENERATED, segments);
  }

  private static ToolResult run(ToolResults tools, TeacherCall call, ArithmeticProblem problem) {
    try {
      return tools.result(call);
    } catch (IOException e) {
      throw new IllegalStateException(
          "problem " + problem.id() + ": its worked solution fails in the calculator", e);
    }
  }
}
