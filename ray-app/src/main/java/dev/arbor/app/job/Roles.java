package dev.arbor.app.job;

import dev.arbor.actors.ActorRole;
import java.util.LinkedHashMap;
import java.util.Map;

/** The four roles of a job; a config with another role name is rejected. */
public record Roles(
    RoleConfig policy, RoleConfig sandbox, RoleConfig treeManager, RoleConfig trainer) {

  public Roles {
    if (policy.count() < 1 || sandbox.count() < 1) {
      throw new IllegalArgumentException("policy.count and sandbox.count must be >= 1");
    }
    if (treeManager.count() != 1 || trainer.count() != 1) {
      throw new IllegalArgumentException(
          "tree_manager.count and trainer.count must be 1 (one tree manager feeds one trainer)");
    }
  }

  /** The role configurations by role, in a fixed order. */
  public Map<ActorRole, RoleConfig> byRole() {
    Map<ActorRole, RoleConfig> m = new LinkedHashMap<>();
    m.put(ActorRole.TREE_MANAGER, treeManager);
    m.put(ActorRole.TRAINER, trainer);
    m.put(ActorRole.POLICY, policy);
    m.put(ActorRole.SANDBOX, sandbox);
    return m;
  }

  /** Sum over roles of count x resources: what the cluster must have in total. */
  public Map<String, Double> totalResources() {
    Map<String, Double> total = new java.util.TreeMap<>();
    for (RoleConfig r : byRole().values()) {
      r.resources().forEach((tag, amount) -> total.merge(tag, amount * r.count(), Double::sum));
    }
    return total;
  }

  public Roles withPolicies(int n) {
    return new Roles(policy.withCount(n), sandbox, treeManager, trainer);
  }

  public Roles withSandboxes(int n) {
    return new Roles(policy, sandbox.withCount(n), treeManager, trainer);
  }
}
