package dev.arbor.archfixture.tree;

import ai.djl.ndarray.NDArray;
import dev.arbor.archfixture.trainer.BadTrainer;

/** Violates the tree rule twice: uses DJL, and depends on a module above it. */
public class BadTree {
  public long size(NDArray array) {
    return array.size() + BadTrainer.class.getName().length();
  }
}
