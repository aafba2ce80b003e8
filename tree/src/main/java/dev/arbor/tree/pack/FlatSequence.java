package dev.arbor.tree.pack;

import dev.arbor.tree.Role;

/**
 * One trajectory laid out flat, as it would be trained on its own: the reference path that the
 * packed layout must reproduce. Position ids of a flat sequence are 0..length-1.
 *
 * @param packedIndex for each flat token, its index in the packed tree
 * @param tokenIds token ids
 * @param roles role of each token
 * @param trainable whether each token is a training target
 * @param logprobs rollout log-probs
 * @param entropies rollout entropies
 * @param versions policy versions
 */
public record FlatSequence(
    int[] packedIndex,
    int[] tokenIds,
    Role[] roles,
    boolean[] trainable,
    float[] logprobs,
    float[] entropies,
    int[] versions) {

  /** Trajectory {@code k} of a packed tree, flattened. */
  public static FlatSequence of(PackedTree tree, int k) {
    int[] index = tree.flatIndices(k);
    int n = index.length;
    int[] tokenIds = new int[n];
    Role[] roles = new Role[n];
    boolean[] trainable = new boolean[n];
    float[] logprobs = new float[n];
    float[] entropies = new float[n];
    int[] versions = new int[n];
    for (int i = 0; i < n; i++) {
      int p = index[i];
      tokenIds[i] = tree.tokenId(p);
      roles[i] = tree.role(p);
      trainable[i] = i > 0 && roles[i].generated();
      logprobs[i] = tree.logprob(p);
      entropies[i] = tree.entropy(p);
      versions[i] = tree.version(p);
    }
    return new FlatSequence(index, tokenIds, roles, trainable, logprobs, entropies, versions);
  }

  public int length() {
    return tokenIds.length;
  }

  /** Number of trainable tokens. */
  public int trainableCount() {
    int n = 0;
    for (boolean b : trainable) {
      if (b) {
        n++;
      }
    }
    return n;
  }
}
