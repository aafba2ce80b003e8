package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolResult;
import java.io.IOException;

/**
 * Produces the result of a teacher's tool call while a teacher episode is being built, by really
 * running it ({@link RegistryToolResults} with the agent's own tools, {@link LocalToolResults}) or
 * from a recording. Results are rendered by the one renderer of the tools package, so a teacher
 * episode shows results in the form the agent's environment does.
 */
@FunctionalInterface
public interface ToolResults {
  /**
   * The result of {@code call}.
   *
   * @throws IOException if the call could not be carried out: a teacher episode must succeed
   */
  ToolResult result(TeacherCall call) throws IOException;
}
