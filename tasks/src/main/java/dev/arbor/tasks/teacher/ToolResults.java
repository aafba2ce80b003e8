package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.env.Environment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Produces the results of a teacher's tool calls while a teacher episode is being built, by really
 * running them: through an {@link Environment} ({@link #of}), through the agent's tools without a
 * sandbox ({@link RegistryToolResults}), or from a recording. Results are rendered by the one
 * renderer of the tools package, so a teacher episode shows results in the form the agent's
 * environment does. A call that does not succeed is an error: a teacher episode must be correct.
 */
@FunctionalInterface
public interface ToolResults {
  /**
   * The result of {@code call}.
   *
   * @throws IOException if the call could not be carried out: a teacher episode must succeed
   */
  ToolResult result(TeacherCall call) throws IOException;

  /** The results of one turn's calls, in their order (by default one call after the other). */
  default List<ToolResult> results(List<TeacherCall> calls) throws IOException {
    List<ToolResult> out = new ArrayList<>();
    for (TeacherCall c : calls) {
      out.add(result(c));
    }
    return out;
  }

  /**
   * Runs each turn's calls through {@code env}'s {@link Environment#step}, in parallel as an
   * agent's turn; the environment must have an episode ({@link Environment#reset}).
   */
  static ToolResults of(Environment env) {
    return new ToolResults() {
      @Override
      public ToolResult result(TeacherCall call) throws IOException {
        return results(List.of(call)).get(0);
      }

      @Override
      public List<ToolResult> results(List<TeacherCall> calls) throws IOException {
        List<ToolResult> out = env.step(calls.stream().map(TeacherCall::toProto).toList());
        for (int i = 0; i < calls.size(); i++) {
          requireOk(calls.get(i), out.get(i));
        }
        return out;
      }
    };
  }

  /**
   * {@code result} if its status is OK.
   *
   * @throws IOException naming the call and what it printed otherwise
   */
  static ToolResult requireOk(TeacherCall call, ToolResult result) throws IOException {
    if (result.getStatus() != ToolStatus.TOOL_STATUS_OK) {
      throw new IOException(
          String.format(
              "teacher call %s %s failed (%s): %s%s",
              call.id(),
              call.rawText(),
              result.getStatus(),
              result.getStdout(),
              result.getStderr()));
    }
    return result;
  }
}
