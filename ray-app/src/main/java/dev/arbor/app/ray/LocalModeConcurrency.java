package dev.arbor.app.ray;

import io.ray.api.Ray;
import io.ray.runtime.AbstractRayRuntime;
import io.ray.runtime.task.LocalModeTaskExecutor;
import io.ray.runtime.task.LocalModeTaskSubmitter;
import io.ray.runtime.task.TaskExecutor;
import io.ray.runtime.task.ThreadLocalActorContextExecutor;
import java.lang.reflect.Field;

/**
 * Makes Ray LOCAL mode safe for actor tasks that start at the same moment on different actors (a
 * rollout running while the trainer trains, several policy actors): replaces the runtime's task
 * executor with {@link ThreadLocalActorContextExecutor}, which keeps the current actor per thread
 * instead of in one shared field. Call right after {@code Ray.init()} in LOCAL mode, before any
 * actor exists.
 */
final class LocalModeConcurrency {
  private LocalModeConcurrency() {}

  /**
   * Installs the executor; returns {@code null}, or why it could not (a Ray version whose classes
   * differ): the caller then keeps actor tasks from overlapping.
   */
  static String install() {
    try {
      if (!(Ray.internal() instanceof AbstractRayRuntime runtime)) {
        return "the runtime is " + Ray.internal().getClass().getName();
      }
      Field executorField = AbstractRayRuntime.class.getDeclaredField("taskExecutor");
      Field submitterField = AbstractRayRuntime.class.getDeclaredField("taskSubmitter");
      Field submitterExecutor = LocalModeTaskSubmitter.class.getDeclaredField("taskExecutor");
      executorField.setAccessible(true);
      submitterField.setAccessible(true);
      submitterExecutor.setAccessible(true);
      Object executor = executorField.get(runtime);
      Object submitter = submitterField.get(runtime);
      if (executor.getClass() != LocalModeTaskExecutor.class
          || !(submitter instanceof LocalModeTaskSubmitter)
          || submitterExecutor.get(submitter) != executor) {
        return "unexpected LOCAL mode runtime: executor "
            + executor.getClass().getName()
            + ", submitter "
            + submitter.getClass().getName();
      }
      TaskExecutor<?> safe = new ThreadLocalActorContextExecutor(runtime);
      submitterExecutor.set(submitter, safe);
      executorField.set(runtime, safe);
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return e.toString();
    }
  }
}
