package dev.arbor.actors.sandbox;

import dev.arbor.actors.ActorReady;
import dev.arbor.actors.ActorRole;
import dev.arbor.actors.Wire;
import dev.arbor.actors.metrics.Metrics;
import java.util.Map;

/**
 * Ray side of {@link Episodes}: the environments of a suite (found through {@link
 * EnvironmentFactory#forSuite}) on a node tagged for sandboxes. Replies are JSON of {@link
 * Episodes.Start}, {@link Episodes.Turn}, {@link Episodes.End}. After a restart the actor holds no
 * episodes, so calls for episodes it had come back INFRA_FAILED.
 */
public final class SandboxActor implements ActorReady {
  private final Episodes episodes;
  private final Metrics.Recorder infraFailures;

  public SandboxActor(String suite, int slots, String job) {
    episodes = new Episodes(EnvironmentFactory.forSuite(suite), slots);
    Metrics m = Metrics.create(Map.of("job", job, "role", ActorRole.SANDBOX.key()));
    infraFailures = m.counter("arbor_episodes_infra_failed", "episodes lost to infra failures");
  }

  /** {@link Episodes#reset} as JSON. */
  public String reset(String episodeId, byte[] taskSpec) {
    Episodes.Start s = episodes.reset(episodeId, taskSpec);
    infraFailures.record(s.infraFailed() ? 1 : 0);
    return Wire.write(s);
  }

  /** {@link Episodes#step} as JSON. */
  public String step(String episodeId, String modelTurnText) {
    return Wire.write(episodes.step(episodeId, modelTurnText));
  }

  /** {@link Episodes#finish} as JSON. */
  public String finish(String episodeId) {
    Episodes.End end = episodes.finish(episodeId);
    infraFailures.record(end.infraFailed() ? 1 : 0);
    return Wire.write(end);
  }

  /** Process id of the actor's worker (tests tell a restarted actor by it). */
  public long pid() {
    return ProcessHandle.current().pid();
  }
}
