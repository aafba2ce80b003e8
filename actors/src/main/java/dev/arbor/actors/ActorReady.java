package dev.arbor.actors;

/**
 * A readiness probe every Arbor actor answers once its constructor has run. The driver calls it
 * after creating actors: on a cluster to surface a failed constructor at start (not at the first
 * real call), and in Ray 2.39's LOCAL mode to create actors one after another, because that mode
 * mixes up actors whose constructors run concurrently ("object is not an instance of declaring
 * class" on their first calls).
 */
public interface ActorReady {

  /** True once the actor is constructed. */
  default boolean ready() {
    return true;
  }
}
