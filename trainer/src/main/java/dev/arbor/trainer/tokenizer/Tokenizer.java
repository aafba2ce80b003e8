package dev.arbor.trainer.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * Text to token ids and back, as the policy model sees them. Two implementations: {@link
 * ByteTokenizer} (UTF-8 bytes plus Arbor's agent special tokens; no files, the default for built-in
 * tasks and tiny models) and {@link HfTokenizer} (a Hugging Face {@code tokenizer.json}, e.g.
 * Qwen2.5's, through DJL's native tokenizers library).
 *
 * <p>Contract: {@link #encode} never truncates, never pads and adds no special tokens of its own
 * (no BOS/EOS); special tokens written in the text (e.g. {@code <|im_end|>}, {@code <eos>}) become
 * their single ids. For the byte tokenizer {@code decode(encode(s)).equals(s)} for every valid
 * Unicode string; a Hugging Face tokenizer round-trips whatever its normalizer leaves unchanged.
 *
 * <p>Implementations may hold native memory: close them ({@link AutoCloseable}).
 */
public interface Tokenizer extends AutoCloseable {

  /** Token ids of {@code text}; special tokens in the text map to their ids. */
  int[] encode(String text);

  /** Text of token ids; special tokens are written out, not skipped. */
  String decode(int[] ids);

  /** One past the largest id this tokenizer produces; at most the model's {@code vocab_size}. */
  int vocabSize();

  /** Beginning-of-sequence token, if the tokenizer defines one. */
  OptionalInt bosId();

  /** End-of-sequence token (the one that ends a model turn), if defined. */
  OptionalInt eosId();

  /** Padding token, if defined. */
  OptionalInt padId();

  /** The id of {@code token} when that string is exactly one token (special or not). */
  OptionalInt tokenId(String token);

  /** Number of tokens {@code text} encodes to. */
  default int tokenLength(String text) {
    return encode(text).length;
  }

  /** Total number of tokens of several texts, each encoded on its own. */
  default int tokenLength(Collection<String> texts) {
    int n = 0;
    for (String t : texts) {
      n += tokenLength(t);
    }
    return n;
  }

  /**
   * Writes the files that {@link #load} reads back into a checkpoint folder: {@code tokenizer.json}
   * (and {@code tokenizer_config.json} when there was one) for a Hugging Face tokenizer; nothing
   * for the byte tokenizer, whose absence of files is what selects it.
   */
  void saveTo(Path dir) throws IOException;

  /** Releases native resources; the tokenizer is unusable afterwards. */
  @Override
  default void close() {}

  /**
   * The tokenizer of a checkpoint folder: {@link HfTokenizer} when {@code dir/tokenizer.json}
   * exists (with special tokens from {@code tokenizer_config.json}, else from {@code config.json}),
   * otherwise the {@link ByteTokenizer}.
   *
   * @throws IOException naming the folder when it is not a directory or the tokenizer is invalid
   */
  static Tokenizer load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory (expected a checkpoint folder)");
    }
    if (Files.isRegularFile(dir.resolve(HfTokenizer.FILE))) {
      return HfTokenizer.load(dir);
    }
    return new ByteTokenizer();
  }
}
