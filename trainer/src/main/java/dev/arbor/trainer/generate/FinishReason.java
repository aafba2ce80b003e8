package dev.arbor.trainer.generate;

/** Why a sequence stopped generating. */
public enum FinishReason {
  /** It generated the end-of-sequence token. */
  EOS,
  /** Its generated tokens ended with a stop sequence. */
  STOP,
  /** It hit the token limit of the call or the model's maximum positions. */
  LENGTH
}
