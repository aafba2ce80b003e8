package dev.arbor.tasks.suite;

import dev.arbor.proto.v1.TaskSpec;
import java.util.List;

/**
 * A named collection of tasks with a train/test split. How a task of the suite is verified is the
 * suite's own business: by the exact answer ({@link TaskSpec#getReferenceAnswer()}, see {@code
 * arithmetic.AnswerVerifier}) or by running its tests in a copy of its repository ({@code
 * verify.TestVerifier}).
 */
public interface TaskSuite {
  /** Name of the suite, the {@link TaskSpec#getSuite()} of its tasks. */
  String name();

  /** The tasks of one split, in a stable order. */
  List<TaskSpec> tasks(Split split);
}
