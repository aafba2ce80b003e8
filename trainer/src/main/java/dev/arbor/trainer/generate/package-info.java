/**
 * Rollout generation (DESIGN.md §7): incremental decoding of the policy with a KV cache, reuse of
 * shared prefixes, and tree rollouts.
 *
 * <ul>
 *   <li>{@link dev.arbor.trainer.generate.KvCache}: the batched key/value cache, an {@link
 *       dev.arbor.trainer.model.Attention} that appends each step's keys and values and attends to
 *       a shared prefix plus per-row columns (ragged rows by masked holes).
 *   <li>{@link dev.arbor.trainer.generate.Generator}: sequences that are started, forked, extended
 *       with external tokens (tool results) and continued; sampling with temperature, top-p, stop
 *       sequences and EOS ({@link dev.arbor.trainer.generate.SamplingParams}, {@link
 *       dev.arbor.trainer.generate.Sampler}); per token the sampling log-prob, the policy log-prob,
 *       the entropy and the policy version ({@link dev.arbor.trainer.generate.Completion}). Each
 *       sequence draws from its own seeded generator, so results do not depend on the batch.
 *   <li>{@link dev.arbor.trainer.generate.PrefixCache}: a radix tree over token ids holding the KV
 *       of prefixes under a token budget with LRU eviction; prompts shared by many sequences are
 *       computed once.
 *   <li>{@link dev.arbor.trainer.generate.TreeRollout}: G samples of a prompt plus branches at
 *       high-entropy positions under a branch budget (TreeRL / ARPO style), returned as a {@link
 *       dev.arbor.tree.TrajectoryTree}.
 * </ul>
 *
 * Every fast path is tested against full recomputation with a causal dense mask.
 */
package dev.arbor.trainer.generate;
