/**
 * Trajectory trees: the data model of Arbor's training pipeline (DESIGN.md §3).
 *
 * <p>A {@link dev.arbor.tree.Trajectory} is one agent episode: ordered {@link
 * dev.arbor.tree.Segment}s, each a run of tokens with one {@link dev.arbor.tree.Role}, plus the
 * episode's reward and {@link dev.arbor.tree.TrajectoryStatus}. Episodes of one task share long
 * prefixes (the prompt, early turns, branches of one state); a {@link
 * dev.arbor.tree.TrajectoryTree} merges them by longest common prefix so that each shared token is
 * stored, and later trained, once.
 *
 * <p>Subpackages: {@code pack} (the packed layout, attention pattern and loss weights that make one
 * forward/backward over a tree equal to training each trajectory on its own), {@code advantage}
 * (group advantages and entropy-aware advantage scaling, DESIGN.md §5), {@code arrow} (the Arrow
 * IPC encoding of tree batches), {@code proto} (protobuf files), {@code inspect} (summaries),
 * {@code synth} and {@code bench} (synthetic workloads and the tree benchmark).
 *
 * <p>This module depends on neither DJL nor Ray; an architecture test keeps it so.
 */
package dev.arbor.tree;
