package dev.arbor.tasks.sandbox;

/** Quoting for {@code /bin/sh} command lines built from data (paths, test ids). */
public final class Shell {
  private Shell() {}

  /** {@code s} in single quotes, safe as one word of a POSIX shell command line. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
