package dev.arbor.app.job;

import dev.arbor.actors.ActorReady;
import dev.arbor.actors.ActorRole;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.call.ActorCreator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The actors of one role of a job, named {@code arbor/<job>/<role>-<i>}, placed by the role's
 * resources and restarted up to its {@code max_restarts}. {@link #find} gets the handles of a
 * running job's actors by name (another driver, a status command).
 */
public final class ActorGroup<A> {
  private final ActorRole role;
  private final List<ActorHandle<A>> handles;

  private ActorGroup(ActorRole role, List<ActorHandle<A>> handles) {
    this.role = role;
    this.handles = List.copyOf(handles);
  }

  /**
   * Creates {@code config.count()} actors and waits until they are constructed; {@code creator}
   * gives the (unnamed, unplaced) creator of actor {@code i}, this method names and places it. In
   * LOCAL mode actors are created one after another (see {@link ActorReady}).
   *
   * @throws RuntimeException (Ray's) when an actor's constructor failed
   */
  public static <A extends ActorReady> ActorGroup<A> create(
      String job, ActorRole role, RoleConfig config, IntFunction<ActorCreator<A>> creator) {
    boolean local = Ray.getRuntimeContext().isLocalMode();
    List<ActorHandle<A>> handles = new ArrayList<>();
    for (int i = 0; i < config.count(); i++) {
      ActorHandle<A> h =
          creator
              .apply(i)
              .setName(role.actorName(job, i))
              .setResources(config.resources())
              .setMaxRestarts(config.maxRestarts())
              .remote();
      handles.add(h);
      if (local) {
        h.task(ActorReady::ready).remote().get();
      }
    }
    if (!local) {
      List<ObjectRef<Boolean>> ready = new ArrayList<>();
      for (ActorHandle<A> h : handles) {
        ready.add(h.task(ActorReady::ready).remote());
      }
      Ray.get(ready);
    }
    return new ActorGroup<>(role, handles);
  }

  /** The named actors {@code 0 .. count-1} of a running job; empty when one is missing. */
  public static <A> Optional<ActorGroup<A>> find(String job, ActorRole role, int count) {
    List<ActorHandle<A>> handles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Optional<ActorHandle<A>> h = Ray.getActor(role.actorName(job, i));
      if (h.isEmpty()) {
        return Optional.empty();
      }
      handles.add(h.get());
    }
    return Optional.of(new ActorGroup<>(role, handles));
  }

  public ActorRole role() {
    return role;
  }

  public List<ActorHandle<A>> handles() {
    return handles;
  }

  public ActorHandle<A> get(int i) {
    return handles.get(i);
  }

  public int size() {
    return handles.size();
  }

  /** Kills every actor for good (no restart); a no-op in LOCAL mode, which cannot kill. */
  public void kill() {
    if (Ray.getRuntimeContext().isLocalMode()) {
      return;
    }
    for (ActorHandle<A> h : handles) {
      h.kill(true);
    }
  }
}
