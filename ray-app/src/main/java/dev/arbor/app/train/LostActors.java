package dev.arbor.app.train;

import dev.arbor.actors.ActorRole;
import dev.arbor.app.job.JobConfig;
import dev.arbor.app.job.RoleConfig;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns Ray's "the actor &lt;id&gt; died unexpectedly" into an error for people: which of the job's
 * named actors are gone for good (their role's {@code max_restarts} spent), and how to go on
 * ({@code --resume} from the newest checkpoint). Must run before the job's actors are killed.
 */
final class LostActors {
  private LostActors() {}

  /** The explained failure; {@code e} stays its cause. */
  static IllegalStateException explain(JobConfig config, Path runDir, RayActorException e) {
    List<String> gone = new ArrayList<>();
    for (Map.Entry<ActorRole, RoleConfig> role : config.roles().byRole().entrySet()) {
      for (int i = 0; i < role.getValue().count(); i++) {
        String name = role.getKey().actorName(config.job(), i);
        if (Ray.getActor(name).isEmpty()) {
          gone.add(name + " (max_restarts " + role.getValue().maxRestarts() + ")");
        }
      }
    }
    String who = gone.isEmpty() ? "an actor" : String.join(", ", gone);
    return new IllegalStateException(
        "job "
            + config.job()
            + ": "
            + who
            + " died and was not restarted ("
            + e.getMessage()
            + "). Rerun with --resume to continue from the newest checkpoint in "
            + runDir.resolve("checkpoints"),
        e);
  }
}
