package dev.arbor.app.job;

/** The cluster lacks resources a job's roles need; the message says which and how much. */
public final class PlacementException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlacementException(String message) {
    super(message);
  }
}
