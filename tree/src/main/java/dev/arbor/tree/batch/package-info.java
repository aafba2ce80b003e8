/**
 * From finished trajectories to training batches: grouping, trees, advantages, pruning, token
 * budgets and bounded staleness (the tree manager's logic; the Ray actor wraps it).
 */
package dev.arbor.tree.batch;
