/**
 * The packed layout of a trajectory tree and what makes training on it exact (DESIGN.md §3-4).
 *
 * <p>{@link dev.arbor.tree.pack.PackedTree} lays the tree's distinct tokens out depth-first. Each
 * token gets the position id it has in its own trajectory (its depth), the index of its predecessor
 * on its root path, and attends exactly to its root path ({@link
 * dev.arbor.tree.pack.AttentionLayout}: a dense mask for reference, per-node spans that never build
 * a T x T matrix). {@link dev.arbor.tree.pack.LossWeights} gives the per-token weights W+, W- and S
 * under which the packed GRPO / PPO-clip loss equals the sum of the flat per-trajectory losses, for
 * a {@link dev.arbor.tree.pack.Normalization} (token mean or sequence mean), also when advantages
 * vary per token ({@link dev.arbor.tree.pack.TokenAdvantages}). {@link
 * dev.arbor.tree.pack.FlatSequence} lays one trajectory out flat: the slow reference path.
 */
package dev.arbor.tree.pack;
