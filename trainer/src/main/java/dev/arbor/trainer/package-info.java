/**
 * The trainer: the policy model in DJL (a Qwen2-architecture decoder), tokenizers, checkpoints, the
 * packed forward/backward over trajectory trees, policy losses and the optimizer loop. Depends on
 * {@code tree}; never on Ray (DESIGN.md §1).
 */
package dev.arbor.trainer;
