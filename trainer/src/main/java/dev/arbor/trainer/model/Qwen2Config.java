package dev.arbor.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of a Qwen2-architecture decoder, as Hugging Face's {@code config.json} states
 * them. Validated at construction; errors name the field and the allowed range.
 *
 * @param vocabSize vocabulary size
 * @param hiddenSize model width d
 * @param intermediateSize width of the SwiGLU MLP
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (grouped-query attention); divides the query heads
 * @param rmsNormEps epsilon of RMSNorm
 * @param ropeTheta base of the rotary position embedding
 * @param maxPositionEmbeddings longest sequence the model is meant for
 * @param tieWordEmbeddings whether the LM head shares the token embedding
 * @param dtype parameter type of the checkpoint ("float32" or "bfloat16"); compute is float32
 */
public record Qwen2Config(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    double rmsNormEps,
    double ropeTheta,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    String dtype) {

  public Qwen2Config {
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("num_key_value_heads", numKeyValueHeads);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size "
              + hiddenSize
              + " must be a multiple of num_attention_heads "
              + numAttentionHeads);
    }
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads "
              + numAttentionHeads
              + " must be a multiple of num_key_value_heads "
              + numKeyValueHeads);
    }
    if ((hiddenSize / numAttentionHeads) % 2 != 0) {
      throw new IllegalArgumentException(
          "head dimension " + hiddenSize / numAttentionHeads + " must be even (rotary embedding)");
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
      throw new IllegalArgumentException(
          "rms_norm_eps and rope_theta must be > 0, got " + rmsNormEps + " and " + ropeTheta);
    }
    if (dtype == null) {
      dtype = "float32";
    }
    if (!dtype.equals("float32") && !dtype.equals("bfloat16")) {
      throw new IllegalArgumentException(
          "dtype must be float32 or bfloat16 (torch_dtype / dtype in config.json), got " + dtype);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  /** Dimension of one attention head. */
  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Query heads per key/value head. */
  public int groups() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /**
   * A named tiny configuration for CPU: {@code tiny} (d=64, 2 layers, vocab 256 for the byte
   * tokenizer), {@code small} (d=128, 4 layers) or {@code base} (d=256, 4 layers).
   */
  public static Qwen2Config named(String name) {
    return switch (name) {
      case "tiny" -> new Qwen2Config(256 + 8, 64, 172, 2, 4, 2, 1e-6, 10000, 4096, true, "float32");
      case "small" ->
          new Qwen2Config(256 + 8, 128, 344, 4, 4, 2, 1e-6, 10000, 4096, true, "float32");
      case "base" ->
          new Qwen2Config(256 + 8, 256, 688, 4, 8, 2, 1e-6, 10000, 4096, true, "float32");
      default ->
          throw new IllegalArgumentException(
              "unknown model config '" + name + "' (allowed: tiny, small, base)");
    };
  }

  /**
   * The tensors a checkpoint of this configuration holds, by Hugging Face name, with their shapes
   * ({@code [out, in]} for linear weights, as PyTorch stores them).
   */
  public Map<String, long[]> expectedTensors() {
    Map<String, long[]> t = new LinkedHashMap<>();
    long d = hiddenSize;
    long kv = (long) numKeyValueHeads * headDim();
    t.put("model.embed_tokens.weight", new long[] {vocabSize, d});
    for (int l = 0; l < numHiddenLayers; l++) {
      String p = "model.layers." + l + ".";
      t.put(p + "input_layernorm.weight", new long[] {d});
      t.put(p + "self_attn.q_proj.weight", new long[] {d, d});
      t.put(p + "self_attn.q_proj.bias", new long[] {d});
      t.put(p + "self_attn.k_proj.weight", new long[] {kv, d});
      t.put(p + "self_attn.k_proj.bias", new long[] {kv});
      t.put(p + "self_attn.v_proj.weight", new long[] {kv, d});
      t.put(p + "self_attn.v_proj.bias", new long[] {kv});
      t.put(p + "self_attn.o_proj.weight", new long[] {d, d});
      t.put(p + "post_attention_layernorm.weight", new long[] {d});
      t.put(p + "mlp.gate_proj.weight", new long[] {intermediateSize, d});
      t.put(p + "mlp.up_proj.weight", new long[] {intermediateSize, d});
      t.put(p + "mlp.down_proj.weight", new long[] {d, intermediateSize});
    }
    t.put("model.norm.weight", new long[] {d});
    if (!tieWordEmbeddings) {
      t.put("lm_head.weight", new long[] {vocabSize, d});
    }
    return t;
  }

  /**
   * Reads {@code config.json}. Accepts configs written by transformers 4 ({@code rope_theta},
   * {@code torch_dtype}) and 5 ({@code rope_parameters.rope_theta}, {@code dtype}).
   */
  public static Qwen2Config read(Path configJson) throws IOException {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(configJson.toFile());
    } catch (IOException e) {
      throw new IOException(configJson + ": not valid JSON: " + e.getMessage(), e);
    }
    try {
      String modelType = n.path("model_type").asText("qwen2");
      if (!modelType.equals("qwen2")) {
        throw new IllegalArgumentException(
            "model_type is '" + modelType + "'; Arbor's policy model is qwen2");
      }
      double theta =
          n.has("rope_theta")
              ? n.get("rope_theta").asDouble()
              : n.path("rope_parameters").path("rope_theta").asDouble(10000);
      String dtype =
          n.has("torch_dtype") ? n.get("torch_dtype").asText() : n.path("dtype").asText("float32");
      int heads = required(n, "num_attention_heads");
      return new Qwen2Config(
          required(n, "vocab_size"),
          required(n, "hidden_size"),
          required(n, "intermediate_size"),
          required(n, "num_hidden_layers"),
          heads,
          n.path("num_key_value_heads").asInt(heads),
          n.path("rms_norm_eps").asDouble(1e-6),
          theta,
          n.path("max_position_embeddings").asInt(32768),
          n.path("tie_word_embeddings").asBoolean(false),
          dtype);
    } catch (IllegalArgumentException e) {
      throw new IOException(configJson + ": " + e.getMessage(), e);
    }
  }

  private static int required(JsonNode n, String field) {
    if (!n.has(field) || !n.get(field).canConvertToInt()) {
      throw new IllegalArgumentException("missing or non-integer field '" + field + "'");
    }
    return n.get(field).asInt();
  }

  /** Writes {@code config.json} in the form transformers reads (4.x keys). */
  public void write(Path configJson) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode n = mapper.createObjectNode();
    n.putArray("architectures").add("Qwen2ForCausalLM");
    n.put("model_type", "qwen2");
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("intermediate_size", intermediateSize);
    n.put("num_hidden_layers", numHiddenLayers);
    n.put("num_attention_heads", numAttentionHeads);
    n.put("num_key_value_heads", numKeyValueHeads);
    n.put("hidden_act", "silu");
    n.put("rms_norm_eps", rmsNormEps);
    n.put("rope_theta", ropeTheta);
    n.put("max_position_embeddings", maxPositionEmbeddings);
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("torch_dtype", dtype);
    n.put("use_sliding_window", false);
    n.put("attention_dropout", 0.0);
    Files.writeString(
        configJson, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
  }
}
