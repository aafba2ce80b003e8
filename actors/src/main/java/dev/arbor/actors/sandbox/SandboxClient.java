package dev.arbor.actors.sandbox;

import dev.arbor.actors.Wire;
import dev.arbor.proto.v1.TaskSpec;
import io.ray.api.ActorHandle;
import io.ray.api.exception.RayActorException;
import io.ray.api.exception.UnreconstructableException;
import java.util.function.Supplier;

/**
 * The driver's side of a sandbox actor, in typed values. A call that dies with its actor (killed,
 * node lost; Ray restarts it up to {@code max_restarts}) returns an INFRA_FAILED result instead of
 * throwing, like an episode the restarted actor no longer knows: the caller reschedules such an
 * episode (DESIGN.md §9) and the calls that follow go to the restarted actor. Errors of the actor's
 * code still throw.
 */
public final class SandboxClient implements EpisodeHost {
  private final ActorHandle<SandboxActor> actor;

  public SandboxClient(ActorHandle<SandboxActor> actor) {
    this.actor = actor;
  }

  @Override
  public Episodes.Start reset(String episodeId, TaskSpec task) {
    byte[] bytes = task.toByteArray();
    return call(
        () -> actor.task(SandboxActor::reset, episodeId, bytes).remote().get(),
        Episodes.Start.class,
        why -> new Episodes.Start(episodeId, "", "", true, why));
  }

  @Override
  public Episodes.Turn step(String episodeId, String modelTurnText) {
    return call(
        () -> actor.task(SandboxActor::step, episodeId, modelTurnText).remote().get(),
        Episodes.Turn.class,
        why -> new Episodes.Turn(why, 0, true, true));
  }

  @Override
  public Episodes.End finish(String episodeId) {
    return call(
        () -> actor.task(SandboxActor::finish, episodeId).remote().get(),
        Episodes.End.class,
        why -> new Episodes.End(0, true, why));
  }

  private static <T> T call(
      Supplier<String> json, Class<T> type, java.util.function.Function<String, T> infraFailed) {
    try {
      return Wire.read(json.get(), type);
    } catch (RayActorException | UnreconstructableException e) {
      return infraFailed.apply(
          "sandbox actor lost during the call: " + e.getClass().getSimpleName());
    }
  }
}
