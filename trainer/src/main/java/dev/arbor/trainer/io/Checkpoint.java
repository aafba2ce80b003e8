package dev.arbor.trainer.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.trainer.tokenizer.HfTokenizer;
import dev.arbor.trainer.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves Hugging Face checkpoint folders of a Qwen2-architecture model: {@code
 * config.json} ({@link Qwen2Config}), the weights as {@code model.safetensors} or, on load, as
 * shards listed by {@code model.safetensors.index.json}, the optional {@code tokenizer.json}, and
 * Arbor's {@code arbor.json} ({@link Provenance}).
 *
 * <p>Loading checks the files against {@link Qwen2Config#expectedTensors()} before it reads any
 * data: a missing tensor, a wrong shape or a non-floating type fails with every problem listed,
 * naming tensor, file and both shapes. Rotary {@code inv_freq} buffers and, for a tied model, an
 * {@code lm_head.weight} are skipped; other extra tensors are skipped with a warning ({@link
 * LoadedCheckpoint#unexpectedTensors()}). Parameters load as float32, whatever the stored type.
 *
 * <p>Saving writes the dtype {@code config.json} names (float32 or bfloat16), one {@code
 * model.safetensors} with {@code {"format": "pt"}} metadata, as {@code save_pretrained} does, so
 * transformers loads the folder. Each file is written next to its destination and moved into place;
 * {@code arbor.json} comes last, so a folder with an {@code arbor.json} newer than its weights is
 * complete.
 */
public final class Checkpoint {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String INDEX = "model.safetensors.index.json";

  private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);
  private static final String SHARD_PATTERN = "model-\\d+-of-\\d+\\.safetensors";

  private Checkpoint() {}

  /**
   * Loads a checkpoint folder; the parameters go to {@code manager} (nothing is left on it when
   * loading fails).
   *
   * @throws IOException naming the folder, file and tensor when the folder is not a checkpoint of
   *     its own config
   */
  public static LoadedCheckpoint load(Path dir, NDManager manager) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory (expected a checkpoint folder)");
    }
    Path configFile = dir.resolve(CONFIG);
    if (!Files.isRegularFile(configFile)) {
      throw new IOException(dir + ": no " + CONFIG + " (not a Hugging Face checkpoint folder)");
    }
    Qwen2Config config = Qwen2Config.read(configFile);
    Map<String, Safetensors> readers = new LinkedHashMap<>();
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    Tokenizer tokenizer = null;
    try {
      Map<String, Safetensors> byTensor = openWeights(dir, readers);
      List<String> ignored = new ArrayList<>();
      List<String> unexpected = new ArrayList<>();
      validate(dir, config, byTensor, ignored, unexpected);
      if (!unexpected.isEmpty()) {
        log.warn(
            "{}: skipping {} tensors that {} does not explain: {}",
            dir,
            unexpected.size(),
            CONFIG,
            unexpected.size() > 10 ? unexpected.subList(0, 10) + " ..." : unexpected);
      }
      if (Files.isRegularFile(dir.resolve(HfTokenizer.FILE))) {
        tokenizer = HfTokenizer.load(dir);
        checkVocabulary(dir, config, tokenizer);
      }
      try (NDManager staging = manager.newSubManager()) {
        for (String name : config.expectedTensors().keySet()) {
          parameters.put(name, byTensor.get(name).load(name, staging));
        }
        for (NDArray a : parameters.values()) {
          a.attach(manager);
        }
      }
      return new LoadedCheckpoint(
          dir,
          config,
          parameters,
          Optional.ofNullable(tokenizer),
          ignored,
          unexpected,
          Provenance.read(dir));
    } catch (IOException | RuntimeException e) {
      parameters.values().forEach(NDArray::close);
      if (tokenizer != null) {
        tokenizer.close();
      }
      throw e;
    } finally {
      for (Safetensors r : readers.values()) {
        r.close();
      }
    }
  }

  /** Opens the weight files; returns the reader of each tensor. {@code readers} gets all files. */
  private static Map<String, Safetensors> openWeights(Path dir, Map<String, Safetensors> readers)
      throws IOException {
    Map<String, Safetensors> byTensor = new TreeMap<>();
    if (Files.isRegularFile(dir.resolve(WEIGHTS))) {
      Safetensors st = Safetensors.open(dir.resolve(WEIGHTS));
      readers.put(WEIGHTS, st);
      st.tensors().keySet().forEach(name -> byTensor.put(name, st));
      return byTensor;
    }
    Path index = dir.resolve(INDEX);
    if (!Files.isRegularFile(index)) {
      boolean bin = Files.isRegularFile(dir.resolve("pytorch_model.bin"));
      throw new IOException(
          dir
              + ": no "
              + WEIGHTS
              + " and no "
              + INDEX
              + (bin
                  ? " (pytorch_model.bin is not supported: convert it to safetensors first)"
                  : ""));
    }
    JsonNode map;
    try {
      map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
    } catch (IOException e) {
      throw new IOException(index + ": not valid JSON: " + e.getMessage(), e);
    }
    if (!map.isObject() || map.isEmpty()) {
      throw new IOException(index + ": no \"weight_map\" object of tensor name -> shard file");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String shard = e.getValue().asText();
      if (shard.contains("/") || shard.contains("\\") || !shard.endsWith(".safetensors")) {
        throw new IOException(
            index + ": tensor '" + e.getKey() + "' maps to '" + shard + "', not a file name");
      }
      Safetensors st = readers.get(shard);
      if (st == null) {
        st = Safetensors.open(dir.resolve(shard));
        readers.put(shard, st);
      }
      if (!st.contains(e.getKey())) {
        throw new IOException(
            index + ": tensor '" + e.getKey() + "' is listed in " + shard + ", which lacks it");
      }
      byTensor.put(e.getKey(), st);
    }
    return byTensor;
  }

  /** Checks names, shapes and types against the config; fills the skipped lists. */
  private static void validate(
      Path dir,
      Qwen2Config config,
      Map<String, Safetensors> byTensor,
      List<String> ignored,
      List<String> unexpected)
      throws IOException {
    Map<String, long[]> expected = config.expectedTensors();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      Safetensors st = byTensor.get(e.getKey());
      if (st == null) {
        problems.add(
            "tensor '"
                + e.getKey()
                + "' is missing ("
                + CONFIG
                + " expects shape "
                + TensorInfo.format(e.getValue())
                + ")");
        continue;
      }
      TensorInfo t = st.info(e.getKey());
      if (!Arrays.equals(t.dims(), e.getValue())) {
        problems.add(
            "tensor '"
                + e.getKey()
                + "' has shape "
                + TensorInfo.format(t.dims())
                + " in "
                + st.file().getFileName()
                + ", but "
                + CONFIG
                + " expects "
                + TensorInfo.format(e.getValue()));
      } else if (!t.dtype().isFloating()) {
        problems.add(
            "tensor '" + e.getKey() + "' has dtype " + t.dtype() + ", not a floating type");
      }
    }
    for (String name : byTensor.keySet()) {
      if (expected.containsKey(name)) {
        continue;
      }
      boolean buffer = name.endsWith(".rotary_emb.inv_freq");
      boolean tiedHead = name.equals("lm_head.weight") && config.tieWordEmbeddings();
      (buffer || tiedHead ? ignored : unexpected).add(name);
    }
    if (!problems.isEmpty()) {
      int shown = Math.min(problems.size(), 20);
      throw new IOException(
          dir
              + ": the weights do not match "
              + CONFIG
              + " ("
              + problems.size()
              + " problem"
              + (problems.size() == 1 ? "" : "s")
              + "):\n  "
              + String.join("\n  ", problems.subList(0, shown))
              + (shown < problems.size() ? "\n  ..." : ""));
    }
  }

  private static void checkVocabulary(Path dir, Qwen2Config config, Tokenizer tokenizer)
      throws IOException {
    if (tokenizer.vocabSize() > config.vocabSize()) {
      throw new IOException(
          dir
              + ": the tokenizer produces ids up to "
              + (tokenizer.vocabSize() - 1)
              + ", but "
              + CONFIG
              + " has vocab_size "
              + config.vocabSize());
    }
  }

  /**
   * Saves a checkpoint folder (created if needed; files of an earlier checkpoint in it are
   * replaced). {@code parameters} must hold exactly {@code config.expectedTensors()} with those
   * shapes, plus optionally {@code lm_head.weight} for a tied model, which is not written.
   *
   * @throws IllegalArgumentException naming the tensor and both shapes when parameters do not fit
   *     the config; nothing is written then
   */
  public static void save(
      Path dir, Qwen2Config config, Map<String, NDArray> parameters, SaveOptions options)
      throws IOException {
    Map<String, NDArray> ordered = checkParameters(config, parameters);
    Optional<Tokenizer> tokenizer = options.tokenizer();
    if (tokenizer.isPresent()) {
      checkVocabulary(dir, config, tokenizer.get());
    }
    Files.createDirectories(dir);
    SafetensorsWriter.forDtype(config.dtype())
        .withMetadata(SafetensorsWriter.PT_METADATA)
        .write(dir.resolve(WEIGHTS), ordered);
    Files.deleteIfExists(dir.resolve(INDEX));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path shard :
          files.filter(p -> p.getFileName().toString().matches(SHARD_PATTERN)).toList()) {
        Files.delete(shard);
      }
    }
    Path configTmp = dir.resolve(CONFIG + ".tmp");
    config.write(configTmp);
    Files.move(
        configTmp,
        dir.resolve(CONFIG),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    if (tokenizer.isPresent()) {
      tokenizer.get().saveTo(dir);
      if (tokenizer.get() instanceof ByteTokenizer) {
        Files.deleteIfExists(dir.resolve(HfTokenizer.FILE));
        Files.deleteIfExists(dir.resolve(HfTokenizer.CONFIG_FILE));
      }
    }
    String tokenizerKind =
        Files.isRegularFile(dir.resolve(HfTokenizer.FILE)) ? HfTokenizer.FILE : "byte";
    writeProvenance(dir, config, ordered.size(), tokenizerKind, options);
  }

  private static Map<String, NDArray> checkParameters(
      Qwen2Config config, Map<String, NDArray> parameters) {
    Map<String, long[]> expected = config.expectedTensors();
    Map<String, NDArray> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      NDArray a = parameters.get(e.getKey());
      if (a == null) {
        throw new IllegalArgumentException(
            "cannot save: parameter '"
                + e.getKey()
                + "' is missing (the config expects shape "
                + TensorInfo.format(e.getValue())
                + ")");
      }
      long[] shape = a.getShape().getShape();
      if (!Arrays.equals(shape, e.getValue()) || !a.getDataType().isFloating()) {
        throw new IllegalArgumentException(
            "cannot save: parameter '"
                + e.getKey()
                + "' is "
                + a.getDataType()
                + " "
                + TensorInfo.format(shape)
                + ", but the config expects a floating array of shape "
                + TensorInfo.format(e.getValue()));
      }
      ordered.put(e.getKey(), a);
    }
    for (String name : parameters.keySet()) {
      if (!expected.containsKey(name)
          && !(name.equals("lm_head.weight") && config.tieWordEmbeddings())) {
        throw new IllegalArgumentException(
            "cannot save: parameter '" + name + "' is not part of the config's model");
      }
    }
    return ordered;
  }

  private static void writeProvenance(
      Path dir, Qwen2Config config, int tensors, String tokenizer, SaveOptions options)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    Provenance p = Provenance.now(options.source(), options.seed(), options.extra());
    ObjectNode n = json.createObjectNode();
    n.put("format", "arbor.checkpoint");
    n.put("format_version", 1);
    n.setAll(p.toJson(json));
    n.put("dtype", config.dtype());
    n.put("tensors", tensors);
    n.put("tokenizer", tokenizer);
    Path tmp = dir.resolve(Provenance.FILE + ".tmp");
    Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    Files.move(
        tmp,
        dir.resolve(Provenance.FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
