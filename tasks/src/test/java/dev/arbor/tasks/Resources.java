package dev.arbor.tasks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code resources/} folders from a test's working directory. */
public final class Resources {
  private Resources() {}

  /** {@code relative} (e.g. {@code resources/tasks/mini-swe}) in this or a parent directory. */
  public static Path findUp(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above the working directory");
  }

  /** The shipped mini-swe suite. */
  public static Path miniSwe() {
    return findUp("resources/tasks/mini-swe");
  }
}
