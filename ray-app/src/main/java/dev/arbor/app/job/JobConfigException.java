package dev.arbor.app.job;

/** A job config that cannot be used; the message names the file and the key. */
public final class JobConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
