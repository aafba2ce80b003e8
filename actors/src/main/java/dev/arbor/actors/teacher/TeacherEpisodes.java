package dev.arbor.actors.teacher;

import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.suite.arithmetic.ArithmeticEnvironment;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tasks.teacher.ArithmeticTeacher;
import dev.arbor.tasks.teacher.TeacherTrajectory;
import dev.arbor.tasks.teacher.TextSegment;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.agent.TextEpisode;
import dev.arbor.tree.Role;
import dev.arbor.tree.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher trajectories (tasks side, text) as token trajectories in the {@link EpisodeFormat} the
 * policy's rollouts use, with the prompt the environment gives (system text first, then the task's
 * instruction), so supervised and RL steps train on the same sequences.
 */
public final class TeacherEpisodes {
  private final EpisodeFormat format;

  public TeacherEpisodes(EpisodeFormat format) {
    this.format = format;
  }

  /** The teacher episode of an arithmetic problem (calls in parallel where the steps allow). */
  public Trajectory arithmetic(ArithmeticProblem problem) {
    Observation obs;
    try (ArithmeticEnvironment env = new ArithmeticEnvironment()) {
      obs = env.reset(ArithmeticSuite.toTask(problem));
    }
    return tokenize(ArithmeticTeacher.generate(problem, true), obs.system(), obs.user());
  }

  /** A teacher trajectory with the episode's prompt texts. */
  public Trajectory tokenize(TeacherTrajectory t, String system, String user) {
    return format.tokenize(system, user, text(t));
  }

  /** A teacher trajectory's segments after its PROMPT as the trainer's text episode. */
  public static TextEpisode text(TeacherTrajectory t) {
    List<TextEpisode.Part> parts = new ArrayList<>();
    for (TextSegment s : t.segments()) {
      if (s.role() != Role.PROMPT) {
        parts.add(new TextEpisode.Part(s.role(), s.text()));
      }
    }
    return TextEpisode.of(t.taskId(), parts);
  }
}
