package dev.arbor.trainer.forward;

import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;

/** Small random trees for model tests: several roles, branching at turn boundaries. */
final class Trees {
  private Trees() {}

  static PackedTree random(long seed, int rollouts, int turns, int vocab) {
    SyntheticWorkload w =
        new SyntheticWorkload(1, rollouts, turns, 12, 6, 3, 5, turns, vocab, seed);
    return PackedTree.of(TrajectoryTree.of(w.group(0)));
  }
}
