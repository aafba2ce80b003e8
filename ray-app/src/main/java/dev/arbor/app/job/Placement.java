package dev.arbor.app.job;

import dev.arbor.actors.ActorRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks, before any actor is created, that a cluster can hold a job's roles (DESIGN.md §9): the
 * sum over roles of count x resources must not exceed the cluster's totals, and each role's actor
 * must fit on at least one node (Ray places an actor's resources on a single node). Without the
 * check, an actor the cluster cannot place waits forever. Pure arithmetic: no Ray calls.
 */
public final class Placement {

  private Placement() {}

  /** What is missing, one line per problem; empty when the job fits. */
  public static List<String> problems(Roles roles, List<Map<String, Double>> nodes) {
    List<String> problems = new ArrayList<>();
    Map<String, Double> total = new java.util.TreeMap<>();
    for (Map<String, Double> node : nodes) {
      node.forEach((tag, amount) -> total.merge(tag, amount, Double::sum));
    }
    roles
        .totalResources()
        .forEach(
            (tag, needed) -> {
              double has = total.getOrDefault(tag, 0.0);
              if (needed > has + 1e-9) {
                problems.add(
                    String.format(
                        Locale.ROOT,
                        "resource '%s': the job needs %s (%s), the cluster has %s",
                        tag,
                        num(needed),
                        demand(roles, tag),
                        num(has)));
              }
            });
    roles
        .byRole()
        .forEach(
            (role, config) -> {
              if (config.count() > 0 && nodes.stream().noneMatch(n -> fits(config, n))) {
                problems.add(
                    "role "
                        + role.key()
                        + ": no single node has all of "
                        + config.resources()
                        + " that one of its actors needs");
              }
            });
    return problems;
  }

  /**
   * Throws when the cluster cannot hold the job, with every problem and what to do.
   *
   * @throws PlacementException naming each missing resource, the amount needed and the amount the
   *     cluster has
   */
  public static void require(String job, Roles roles, List<Map<String, Double>> nodes) {
    List<String> problems = problems(roles, nodes);
    if (!problems.isEmpty()) {
      throw new PlacementException(
          "the Ray cluster cannot place job '"
              + job
              + "':\n  "
              + String.join("\n  ", problems)
              + "\nAdd nodes with these resources (ray start --resources='{\"<tag>\": N}'), or"
              + " lower the role counts or resources in the job config.");
    }
  }

  private static boolean fits(RoleConfig role, Map<String, Double> node) {
    return role.resources().entrySet().stream()
        .allMatch(e -> node.getOrDefault(e.getKey(), 0.0) + 1e-9 >= e.getValue());
  }

  private static String demand(Roles roles, String tag) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<ActorRole, RoleConfig> e : roles.byRole().entrySet()) {
      Double each = e.getValue().resources().get(tag);
      if (each != null && e.getValue().count() > 0) {
        parts.add(e.getKey().key() + " " + e.getValue().count() + " x " + num(each));
      }
    }
    return String.join(" + ", parts);
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
