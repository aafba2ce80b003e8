package dev.arbor.trainer.io;

import ai.djl.ndarray.NDArray;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.trainer.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint folder read by {@link Checkpoint#load}.
 *
 * <p>Ownership: the parameters belong to the {@code NDManager} given to {@code load} (close that
 * manager, or the arrays, to free them); {@link #close()} closes only the tokenizer.
 *
 * @param dir the folder
 * @param config its {@code config.json}
 * @param parameters float32 arrays by Hugging Face name, in {@link Qwen2Config#expectedTensors()}
 *     order, each named ({@link NDArray#getName()}) after its tensor
 * @param tokenizer the folder's {@code tokenizer.json}, if it has one
 * @param ignoredTensors tensors of the files that are not parameters and were skipped on purpose
 *     (rotary {@code inv_freq} buffers; {@code lm_head.weight} of a tied model)
 * @param unexpectedTensors tensors the config does not explain; skipped and logged as a warning
 * @param provenance the folder's {@code arbor.json}, if it has one
 */
public record LoadedCheckpoint(
    Path dir,
    Qwen2Config config,
    Map<String, NDArray> parameters,
    Optional<Tokenizer> tokenizer,
    List<String> ignoredTensors,
    List<String> unexpectedTensors,
    Optional<Provenance> provenance)
    implements AutoCloseable {

  public LoadedCheckpoint {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    ignoredTensors = List.copyOf(ignoredTensors);
    unexpectedTensors = List.copyOf(unexpectedTensors);
  }

  /** The folder's Hugging Face tokenizer, or the {@link ByteTokenizer} when it has none. */
  public Tokenizer tokenizerOrDefault() {
    return tokenizer.orElseGet(ByteTokenizer::new);
  }

  /** Closes the tokenizer (native memory); the parameters stay with their manager. */
  @Override
  public void close() {
    tokenizer.ifPresent(Tokenizer::close);
  }
}
