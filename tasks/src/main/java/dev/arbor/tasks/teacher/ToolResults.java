package dev.arbor.tasks.teacher;

import java.io.IOException;

/**
 * Produces the result text of a teacher's tool call while a teacher episode is being built, by
 * really running it ({@link LocalToolResults}, later the sandbox's tools) or from a recording.
 */
@FunctionalInterface
public interface ToolResults {
  /**
   * The result of {@code call}.
   *
   * @throws IOException if the call could not be carried out: a teacher episode must succeed
   */
  String result(TeacherCall call) throws IOException;
}
