package dev.arbor.tasks.suite;

import java.util.Locale;

/** A split of a task suite: tasks to train on, and held-out tasks to evaluate on. */
public enum Split {
  TRAIN,
  TEST;

  /** The lower-case name used in files and labels: {@code train}, {@code test}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The split named {@code label} (case-insensitive). */
  public static Split parse(String label) {
    for (Split s : values()) {
      if (s.label().equalsIgnoreCase(label.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown split '" + label + "': expected 'train' or 'test'");
  }
}
