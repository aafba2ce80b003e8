package dev.arbor.tasks.tools;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * State of one episode that tools share: whether the agent submitted, and what. Thread-safe: the
 * calls of one turn run in parallel.
 */
public final class Episode {
  private final AtomicReference<String> submission = new AtomicReference<>();

  /** Records a submission; the first one counts. Returns false if one was already made. */
  public boolean submit(String answer) {
    return submission.compareAndSet(null, answer == null ? "" : answer);
  }

  public boolean submitted() {
    return submission.get() != null;
  }

  /** What was submitted ({@code ""} for a submit without an answer), if anything. */
  public Optional<String> submission() {
    return Optional.ofNullable(submission.get());
  }
}
