package dev.arbor.app.job;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many actors of a role run and what each needs (DESIGN.md §9).
 *
 * @param count number of actors
 * @param resources Ray resources of one actor: {@code CPU}, {@code GPU}, {@code memory} or a custom
 *     node tag such as {@code sandbox} (nodes advertise tags with {@code ray start --resources})
 * @param maxRestarts times Ray restarts a dead actor ({@code -1}: without limit)
 */
public record RoleConfig(int count, Map<String, Double> resources, int maxRestarts) {

  public RoleConfig {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (maxRestarts < -1) {
      throw new IllegalArgumentException(
          "max_restarts must be >= -1 (-1 = without limit), got " + maxRestarts);
    }
    resources = resources == null ? Map.of() : new TreeMap<>(resources);
    resources.forEach(
        (tag, amount) -> {
          if (tag.isBlank()) {
            throw new IllegalArgumentException("resources: empty resource name");
          }
          if (amount == null || !(amount > 0) || amount.isInfinite()) {
            throw new IllegalArgumentException(
                "resources." + tag + " must be a number > 0, got " + amount);
          }
        });
    resources = java.util.Collections.unmodifiableMap(resources);
  }

  /** This role with another count. */
  public RoleConfig withCount(int n) {
    return new RoleConfig(n, resources, maxRestarts);
  }
}
