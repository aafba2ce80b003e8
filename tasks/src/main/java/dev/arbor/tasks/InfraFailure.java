package dev.arbor.tasks;

/**
 * The infrastructure failed, not the agent: a sandbox could not start, a task's repository snapshot
 * is missing, a setup command or the verifier crashed. An episode that meets one is {@code
 * INFRA_FAILED}: it is excluded from training and rescheduled, never scored 0.
 *
 * <p>The message says what failed and where (task id, command, path) for the person reading the
 * run's log.
 */
public final class InfraFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InfraFailure(String message) {
    super(message);
  }

  public InfraFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
