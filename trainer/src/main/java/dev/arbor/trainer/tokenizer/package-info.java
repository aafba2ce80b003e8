/**
 * Tokenizers: text to the token ids the policy model reads, and back.
 *
 * <ul>
 *   <li>{@link dev.arbor.trainer.tokenizer.ByteTokenizer}: UTF-8 bytes (ids 0-255) plus Arbor's
 *       eight agent special tokens (256-263: {@code <pad> <bos> <eos> <tool_call> </tool_call>
 *       <tool_result> </tool_result> <turn>}); vocabulary 264, the {@code tiny} model's. No files,
 *       exact round trip; the default for built-in tasks.
 *   <li>{@link dev.arbor.trainer.tokenizer.HfTokenizer}: a Hugging Face {@code tokenizer.json}
 *       (e.g. Qwen2.5's byte-level BPE) through DJL's bundled native {@code tokenizers} library,
 *       offline. DJL's defaults (truncate at 512, pad, add the template's special tokens) are
 *       switched off: training needs every token of a trajectory, exactly.
 * </ul>
 *
 * <p>{@link dev.arbor.trainer.tokenizer.Tokenizer#load(java.nio.file.Path)} picks by the checkpoint
 * folder: {@code tokenizer.json} present means Hugging Face, absent means bytes. Special tokens
 * written in text are recognised as single ids by both; chat templates are not applied here.
 */
package dev.arbor.trainer.tokenizer;
