package io.ray.runtime.task;

import io.ray.api.id.UniqueId;
import io.ray.runtime.AbstractRayRuntime;

/**
 * Ray LOCAL mode's task executor with the current actor kept per thread.
 *
 * <p>Ray 2.39's {@link TaskExecutor} keeps "the actor of the task being started" in one field
 * shared by every actor's executor thread: {@code LocalModeTaskSubmitter.executeTask} sets it, and
 * {@code TaskExecutor.execute} reads it back a moment later to find the object to invoke. When two
 * actors start a task at the same moment, one of them reads the other's actor: the call fails with
 * "object is not an instance of declaring class", or, for two actors of one class, silently runs on
 * the wrong instance. In a cluster every actor has its own worker process and the field is never
 * shared.
 *
 * <p>Both methods are package-private in Ray, hence this class's package. Installed by {@code
 * dev.arbor.app.ray.LocalModeConcurrency}; set and read on the same thread, as Ray does.
 */
public final class ThreadLocalActorContextExecutor extends LocalModeTaskExecutor {
  private final ThreadLocal<LocalActorContext> current = new ThreadLocal<>();

  public ThreadLocalActorContextExecutor(AbstractRayRuntime runtime) {
    super(runtime);
  }

  @Override
  LocalActorContext getActorContext() {
    return current.get();
  }

  @Override
  void setActorContext(UniqueId workerId, LocalActorContext actorContext) {
    if (actorContext != null) { // as Ray's: a normal task leaves the thread's actor alone
      current.set(actorContext);
    }
  }
}
