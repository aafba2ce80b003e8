package dev.arbor.trainer.io;

import dev.arbor.trainer.tokenizer.Tokenizer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What {@link Checkpoint#save} writes besides the weights and the config: the tokenizer and the
 * provenance entries of {@code arbor.json}. Immutable; start from {@link #defaults()}.
 *
 * @param tokenizer the tokenizer to write: a Hugging Face one writes {@code tokenizer.json} (and
 *     {@code tokenizer_config.json}); the byte tokenizer removes a stale {@code tokenizer.json} so
 *     that loading picks the byte tokenizer again; empty leaves the folder's tokenizer files alone
 * @param source what the weights came from (a run name, a source checkpoint, {@code random init})
 * @param seed the seed of the run or initialisation
 * @param extra further provenance entries (e.g. {@code step})
 */
public record SaveOptions(
    Optional<Tokenizer> tokenizer,
    Optional<String> source,
    OptionalLong seed,
    Map<String, String> extra) {

  public SaveOptions {
    extra = Map.copyOf(extra);
  }

  /** No tokenizer, no source, no seed, no extra entries. */
  public static SaveOptions defaults() {
    return new SaveOptions(Optional.empty(), Optional.empty(), OptionalLong.empty(), Map.of());
  }

  /** These options with a tokenizer to write. */
  public SaveOptions withTokenizer(Tokenizer t) {
    return new SaveOptions(Optional.of(t), source, seed, extra);
  }

  /** These options with a source. */
  public SaveOptions withSource(String s) {
    return new SaveOptions(tokenizer, Optional.of(s), seed, extra);
  }

  /** These options with a seed. */
  public SaveOptions withSeed(long s) {
    return new SaveOptions(tokenizer, source, OptionalLong.of(s), extra);
  }

  /** These options with one more provenance entry. */
  public SaveOptions withExtra(String key, String value) {
    Map<String, String> e = new TreeMap<>(extra);
    e.put(key, value);
    return new SaveOptions(tokenizer, source, seed, e);
  }
}
