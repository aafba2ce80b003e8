package dev.arbor.archfixture.tasks;

import dev.arbor.archfixture.tree.BadTree;

/** Allowed: tasks may depend on tree. */
public class GoodTasks {
  public String treeName() {
    return BadTree.class.getSimpleName();
  }
}
