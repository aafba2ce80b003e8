package dev.arbor.app.run;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One actor of a run as the status page and {@code actors.json} show it.
 *
 * @param name actor name (unique within the run)
 * @param role role, e.g. {@code policy}, {@code sandbox}, {@code trainer}, {@code tree-manager}
 * @param resources resource tags the actor was placed by, e.g. {@code {CPU: 1, sandbox: 1}}
 * @param node node it runs on (host or Ray node id; empty when unknown)
 * @param state e.g. {@code PENDING}, {@code ALIVE}, {@code RESTARTING}, {@code DEAD}
 * @param restarts how often it was restarted
 */
public record ActorInfo(
    String name,
    String role,
    Map<String, Double> resources,
    String node,
    String state,
    int restarts) {

  public ActorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(state, "state");
    resources =
        Collections.unmodifiableMap(resources == null ? new TreeMap<>() : new TreeMap<>(resources));
    node = node == null ? "" : node;
    if (restarts < 0) {
      throw new IllegalArgumentException("actor " + name + ": restarts must be >= 0: " + restarts);
    }
  }
}
