package dev.arbor.trainer.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} (BPE, WordPiece, Unigram, WordLevel; e.g. Qwen2.5's
 * byte-level BPE) through DJL's {@link HuggingFaceTokenizer}, which runs the Rust {@code
 * tokenizers} library from a native library inside its jar: no download (run with {@code
 * -Dai.djl.offline=true}, as Arbor's launcher and tests do, so DJL does not phone home either).
 *
 * <p>DJL's defaults are wrong for training and are overridden: it truncates to 512 tokens, pads,
 * and adds the post-processor's special tokens; here none of the three happens (see {@link
 * Tokenizer}). Special tokens in the text (the {@code added_tokens} of the file) map to their ids.
 *
 * <p>{@link #vocabSize()} is one past the largest id in the file's vocabulary and added tokens
 * (Qwen2.5: 151,665, below the model's padded {@code vocab_size} of 151,936). BOS/EOS/PAD come from
 * {@code tokenizer_config.json} next to the file ({@code bos_token}, ...: a string or {@code
 * {"content": ...}}; {@code null} means none); when there is no such file, from the ids in {@code
 * config.json} ({@code bos_token_id}, {@code eos_token_id} (first of a list), {@code
 * pad_token_id}).
 *
 * <p>Holds native memory until {@link #close()}.
 */
public final class HfTokenizer implements Tokenizer {

  /** File name of a Hugging Face tokenizer in a checkpoint folder. */
  public static final String FILE = "tokenizer.json";

  /** File name of the tokenizer's settings (special tokens, chat template). */
  public static final String CONFIG_FILE = "tokenizer_config.json";

  private final HuggingFaceTokenizer hf;
  private final Path file;
  private final int vocabSize;
  private final Map<String, Integer> addedTokens;
  private final OptionalInt bos;
  private final OptionalInt eos;
  private final OptionalInt pad;

  private HfTokenizer(HuggingFaceTokenizer hf, Path file, Scan scan) throws IOException {
    this.hf = hf;
    this.file = file;
    this.vocabSize = scan.maxId() + 1;
    this.addedTokens = Map.copyOf(scan.added());
    Path dir = file.toAbsolutePath().getParent();
    Path config = dir.resolve(CONFIG_FILE);
    if (Files.isRegularFile(config)) {
      JsonNode c = readJson(config);
      this.bos = special(c.path("bos_token"), config, "bos_token");
      this.eos = special(c.path("eos_token"), config, "eos_token");
      this.pad = special(c.path("pad_token"), config, "pad_token");
    } else {
      JsonNode c =
          Files.isRegularFile(dir.resolve("config.json"))
              ? readJson(dir.resolve("config.json"))
              : null;
      this.bos = id(c, "bos_token_id");
      this.eos = id(c, "eos_token_id");
      this.pad = id(c, "pad_token_id");
    }
  }

  /**
   * Loads {@code tokenizer.json}, given as the file or its folder.
   *
   * @throws IOException naming the file when it is missing or not a tokenizer DJL can load
   */
  public static HfTokenizer load(Path fileOrDir) throws IOException {
    Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE) : fileOrDir;
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file (a Hugging Face tokenizer.json)");
    }
    Scan scan = scan(file);
    HuggingFaceTokenizer hf;
    try {
      hf =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": not a tokenizer the Hugging Face library loads: " + e, e);
    }
    try {
      return new HfTokenizer(hf, file, scan);
    } catch (IOException | RuntimeException e) {
      hf.close();
      throw e;
    }
  }

  @Override
  public int[] encode(String text) {
    long[] ids = hf.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "token id "
                + ids[i]
                + " at position "
                + i
                + " is outside the vocabulary [0, "
                + vocabSize
                + ") of "
                + file);
      }
      wide[i] = ids[i];
    }
    return hf.decode(wide, false);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public OptionalInt bosId() {
    return bos;
  }

  @Override
  public OptionalInt eosId() {
    return eos;
  }

  @Override
  public OptionalInt padId() {
    return pad;
  }

  @Override
  public OptionalInt tokenId(String token) {
    Integer added = addedTokens.get(token);
    if (added != null) {
      return OptionalInt.of(added);
    }
    int[] ids = encode(token);
    return ids.length == 1 ? OptionalInt.of(ids[0]) : OptionalInt.empty();
  }

  /** The {@code tokenizer.json} this tokenizer was loaded from. */
  public Path file() {
    return file;
  }

  /** Copies {@code tokenizer.json} and, when it was next to it, {@code tokenizer_config.json}. */
  @Override
  public void saveTo(Path dir) throws IOException {
    copy(file, dir.resolve(FILE));
    Path config = file.toAbsolutePath().getParent().resolve(CONFIG_FILE);
    if (Files.isRegularFile(config)) {
      copy(config, dir.resolve(CONFIG_FILE));
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    if (Files.exists(to) && Files.isSameFile(from, to)) {
      return;
    }
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    hf.close();
  }

  @Override
  public String toString() {
    return "HfTokenizer(" + file + ", vocab " + vocabSize + ")";
  }

  private OptionalInt special(JsonNode node, Path config, String field) throws IOException {
    JsonNode content = node.isObject() ? node.path("content") : node;
    if (content.isMissingNode() || content.isNull()) {
      return OptionalInt.empty();
    }
    OptionalInt id = content.isTextual() ? tokenId(content.asText()) : OptionalInt.empty();
    if (id.isEmpty()) {
      throw new IOException(
          config + ": " + field + " " + node + " is not a single token of " + file.getFileName());
    }
    return id;
  }

  private static OptionalInt id(JsonNode config, String field) {
    JsonNode n = config == null ? null : config.get(field);
    if (n != null && n.isArray() && n.size() > 0) {
      n = n.get(0);
    }
    return n != null && n.canConvertToInt() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
  }

  private static JsonNode readJson(Path file) throws IOException {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** What this class needs from {@code tokenizer.json}, read without building its whole tree. */
  private record Scan(int maxId, Map<String, Integer> added) {}

  private static Scan scan(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    int maxId = -1;
    Map<String, Integer> added = new HashMap<>();
    try (JsonParser p = json.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(file + ": not a tokenizer.json (no JSON object)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
          for (JsonNode t : (JsonNode) json.readTree(p)) {
            added.put(t.path("content").asText(), t.path("id").asInt());
            maxId = Math.max(maxId, t.path("id").asInt());
          }
        } else if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
          maxId = Math.max(maxId, scanModel(p));
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IOException(file + ": cannot read tokenizer.json: " + e.getMessage(), e);
    }
    if (maxId < 0) {
      throw new IOException(file + ": tokenizer.json has no model.vocab and no added_tokens");
    }
    return new Scan(maxId, added);
  }

  /** Largest id of {@code model.vocab}: an object {token: id} or (Unigram) a list of pieces. */
  private static int scanModel(JsonParser p) throws IOException {
    int maxId = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          p.nextToken();
          maxId = Math.max(maxId, p.getIntValue());
        }
      } else if (field.equals("vocab") && value == JsonToken.START_ARRAY) {
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
          n++;
        }
        maxId = Math.max(maxId, n - 1);
      } else {
        p.skipChildren();
      }
    }
    return maxId;
  }
}
