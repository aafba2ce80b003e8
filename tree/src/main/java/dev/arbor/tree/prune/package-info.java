/**
 * Entropy-based pruning of rollout trees under a token budget (DESIGN.md §6), with random pruning
 * and no pruning as baselines. Quality is measured, not assumed: {@code arbor bench pruning}
 * compares the pruned-tree gradient with the full-tree gradient.
 */
package dev.arbor.tree.prune;
