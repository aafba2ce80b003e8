package dev.arbor.actors.agent;

import dev.arbor.tasks.teacher.TeacherTrajectory;
import dev.arbor.tasks.teacher.TextSegment;
import dev.arbor.trainer.agent.TextEpisode;
import dev.arbor.tree.Role;
import java.util.ArrayList;
import java.util.List;

/** A tasks-side teacher trajectory as the trainer's {@link TextEpisode} (test scope). */
final class TeacherEpisodes {
  private TeacherEpisodes() {}

  /** Its segments after the PROMPT, role and text unchanged. */
  static TextEpisode of(TeacherTrajectory t) {
    List<TextEpisode.Part> parts = new ArrayList<>();
    for (TextSegment s : t.segments()) {
      if (s.role() != Role.PROMPT) {
        parts.add(new TextEpisode.Part(s.role(), s.text()));
      }
    }
    return TextEpisode.of(t.taskId(), parts);
  }
}
