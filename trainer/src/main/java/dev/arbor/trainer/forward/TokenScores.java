package dev.arbor.trainer.forward;

import ai.djl.ndarray.NDArray;

/**
 * Per-token outputs of a forward pass, aligned with the tokens of a packed tree or a flat sequence:
 * token t's log-prob under the model given its predecessors, and the entropy of the model's
 * distribution at t's predecessor (the distribution t was drawn from). Tokens without a predecessor
 * carry 0 in both.
 *
 * @param logprobs [T]
 * @param entropies [T]
 */
public record TokenScores(NDArray logprobs, NDArray entropies) {}
