package dev.arbor.app.train;

import dev.arbor.app.run.RunLog;
import dev.arbor.app.run.TrajectoryView;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of episodes for the status page: the shared prompt as the root, each episode's turns as a
 * branch below it (model text, tool calls, tool results), decoded to text.
 */
final class TrajectoryViews {
  private TrajectoryViews() {}

  static void recent(RunLog log, EpisodeFormat format, List<Trajectory> group) {
    if (group.isEmpty()) {
      return;
    }
    List<TrajectoryView.Node> nodes = new ArrayList<>();
    Trajectory first = group.get(0);
    nodes.add(new TrajectoryView.Node("prompt", null, Role.PROMPT.name(), text(format, first, 0)));
    double reward = 0;
    for (int k = 0; k < group.size(); k++) {
      Trajectory t = group.get(k);
      reward += t.reward();
      String parent = "prompt";
      List<Segment> segments = t.segments();
      for (int i = 1; i < segments.size(); i++) {
        String id = k + "." + i;
        String label = segments.get(i).role().name();
        if (i == segments.size() - 1) {
          label += " [" + t.status() + ", reward " + t.reward() + "]";
        }
        nodes.add(new TrajectoryView.Node(id, parent, label, text(format, t, i)));
        parent = id;
      }
    }
    log.trajectory(
        new TrajectoryView(
            first.groupId(), first.taskId(), reward / group.size(), first.status().name(), nodes));
  }

  private static String text(EpisodeFormat format, Trajectory t, int segment) {
    return format.tokenizer().decode(t.segments().get(segment).tokens());
  }
}
