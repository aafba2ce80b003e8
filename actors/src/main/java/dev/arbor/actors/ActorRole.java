package dev.arbor.actors;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The roles of an Arbor job (DESIGN.md §9). {@link #key()} is the role's name in job configs, in
 * actor names ({@code arbor/<job>/<key>-<i>}) and in metric tags.
 */
public enum ActorRole {
  POLICY("policy"),
  SANDBOX("sandbox"),
  TREE_MANAGER("tree_manager"),
  TRAINER("trainer");

  private final String key;

  ActorRole(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /**
   * The Ray name of instance {@code index} of this role in job {@code job}: {@code
   * arbor/<job>/<role>-<index>}. Names are unique within a Ray namespace, so a second driver of the
   * same job finds the actors and a second job of another name does not collide.
   */
  public String actorName(String job, int index) {
    if (job == null || job.isBlank() || job.contains("/")) {
      throw new IllegalArgumentException(
          "job name must be non-empty without '/', got '" + job + "'");
    }
    if (index < 0) {
      throw new IllegalArgumentException("actor index must be >= 0, got " + index);
    }
    return "arbor/" + job + "/" + key + "-" + index;
  }

  /** The role of a config key; the message lists the allowed keys. */
  public static ActorRole ofKey(String key) {
    for (ActorRole r : values()) {
      if (r.key.equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + key
            + "' (allowed: "
            + Arrays.stream(values()).map(ActorRole::key).collect(Collectors.joining(", "))
            + ")");
  }
}
