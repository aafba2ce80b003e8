package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A decoder-only Qwen2-architecture model (the KAT-Dev base family), readable top to bottom:
 *
 * <pre>
 *   h = embed(tokens)
 *   for each layer:
 *     a = attention(rmsnorm(h))        q/k/v with bias, rotary by position id, grouped-query
 *     h = h + o_proj(a)
 *     h = h + down(silu(gate(rmsnorm(h))) * up(rmsnorm(h)))
 *   logits = lm_head(rmsnorm(h))       lm_head = embed when tied
 * </pre>
 *
 * Nothing mixes tokens across sequences except attention, which follows the given {@link Attention}
 * (causal, padded, or a packed tree's ancestor pattern), so one forward pass over a packed tree
 * computes exactly what separate passes over its trajectories compute.
 *
 * <p>Parameters are float32 NDArrays named as Hugging Face names them; they live on the model's own
 * manager. Activations live on the manager of the input arrays: run each step under a sub-manager
 * and close it, and nothing accumulates.
 */
public final class Qwen2Model implements AutoCloseable {
  private final Qwen2Config config;
  private final NDManager manager;
  private final Map<String, NDArray> params;

  private Qwen2Model(Qwen2Config config, NDManager manager, Map<String, NDArray> params) {
    this.config = config;
    this.manager = manager;
    this.params = params;
  }

  /**
   * A model with random weights: normal(0, 0.02) for matrices, zero biases, unit norm weights (as
   * Hugging Face initialises Qwen2), reproducible from {@code seed}.
   */
  public static Qwen2Model random(Qwen2Config config, long seed, NDManager parent) {
    NDManager m = parent.newSubManager();
    Random random = new Random(seed);
    Map<String, NDArray> p = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.expectedTensors().entrySet()) {
      String name = e.getKey();
      Shape shape = new Shape(e.getValue());
      float[] values = new float[(int) shape.size()];
      if (name.endsWith("norm.weight")) {
        Arrays.fill(values, 1f);
      } else if (!name.endsWith(".bias")) {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * 0.02);
        }
      }
      NDArray a = m.create(values, shape);
      a.setName(name);
      p.put(name, a);
    }
    return new Qwen2Model(config, m, p);
  }

  /**
   * A model over the given tensors (by Hugging Face name, float32), which it takes over: they are
   * attached to the model's manager. Names and shapes must match {@link
   * Qwen2Config#expectedTensors()}; extra tensors are ignored.
   */
  public static Qwen2Model of(Qwen2Config config, Map<String, NDArray> tensors, NDManager parent) {
    NDManager m = parent.newSubManager();
    Map<String, NDArray> p = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.expectedTensors().entrySet()) {
      NDArray a = tensors.get(e.getKey());
      if (a == null) {
        m.close();
        throw new IllegalArgumentException("missing tensor " + e.getKey());
      }
      Shape want = new Shape(e.getValue());
      if (!a.getShape().equals(want)) {
        m.close();
        throw new IllegalArgumentException(
            "tensor " + e.getKey() + " has shape " + a.getShape() + ", expected " + want);
      }
      NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
      f.attach(m);
      f.setName(e.getKey());
      p.put(e.getKey(), f);
    }
    return new Qwen2Model(config, m, p);
  }

  public Qwen2Config config() {
    return config;
  }

  /** The parameters by Hugging Face name (the live arrays, in a fixed order). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** Marks every parameter as requiring (or not) a gradient. */
  public void setRequiresGradient(boolean requires) {
    for (NDArray p : params.values()) {
      p.setRequiresGradient(requires);
    }
  }

  /**
   * Final hidden states (after the last norm).
   *
   * @param tokens [B, T] token ids (int32 or int64)
   * @param positions [B, T] position ids
   * @param attention who sees whom
   * @return [B, T, hidden]
   */
  public NDArray hidden(NDArray tokens, NDArray positions, Attention attention) {
    return hidden(tokens, positions, attention, null);
  }

  /**
   * As {@link #hidden(NDArray, NDArray, Attention)}, with the joined projections taken from {@code
   * joined} (made once for many passes over unchanged weights, e.g. the steps of one decoding
   * batch) instead of joined on every pass; null joins them per pass, as training needs.
   */
  public NDArray hidden(NDArray tokens, NDArray positions, Attention attention, Joined joined) {
    int heads = config.numAttentionHeads();
    int kvHeads = config.numKeyValueHeads();
    int hd = config.headDim();
    Rope rope = new Rope(positions, hd, config.ropeTheta(), heads, kvHeads);
    NDArray h =
        Embedding.embedding(
                tokens.toType(DataType.INT64, false),
                p("model.embed_tokens.weight"),
                SparseFormat.DENSE)
            .singletonOrThrow();
    long b = h.getShape().get(0);
    long t = h.getShape().get(1);
    for (int l = 0; l < config.numHiddenLayers(); l++) {
      String pre = "model.layers." + l + ".";
      NDArray x = rmsNorm(h, p(pre + "input_layernorm.weight"));
      // q, k and v as one projection: wider matrix products run better on small packed trees.
      NDList qkv =
          Linear.linear(
                  x,
                  joined != null ? joined.qkvWeight[l] : join(x, qkvWeights(l)),
                  joined != null ? joined.qkvBias[l] : join(x, qkvBiases(l)))
              .singletonOrThrow()
              .split(new long[] {(long) (heads + kvHeads) * hd}, 2);
      // Queries and keys rotated in one pass; the queries come out scaled by 1/sqrt(d).
      NDList qk =
          rope.apply(qkv.get(0).reshape(b, t, heads + kvHeads, hd)).split(new long[] {heads}, 2);
      NDArray q = qk.get(0).transpose(0, 2, 1, 3);
      NDArray k = qk.get(1).transpose(0, 2, 1, 3);
      NDArray v = qkv.get(1).reshape(b, t, kvHeads, hd).transpose(0, 2, 1, 3);
      NDArray a =
          attention.attend(l, q, k, v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * hd);
      h = h.add(Linear.linear(a, p(pre + "self_attn.o_proj.weight")).singletonOrThrow());
      x = rmsNorm(h, p(pre + "post_attention_layernorm.weight"));
      NDList gateUp =
          Linear.linear(x, joined != null ? joined.gateUp[l] : join(x, gateUpWeights(l)))
              .singletonOrThrow()
              .split(2, 2);
      NDArray gate = gateUp.get(0);
      NDArray up = gateUp.get(1);
      NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
      h = h.add(Linear.linear(act, p(pre + "mlp.down_proj.weight")).singletonOrThrow());
    }
    return rmsNorm(h, p("model.norm.weight"));
  }

  /** Logits [.., vocab] of hidden states [.., hidden]. */
  public NDArray logits(NDArray hidden) {
    String head = config.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
    return Linear.linear(hidden, p(head)).singletonOrThrow();
  }

  /**
   * The joined projections of every layer for passes that do not train (no gradient flows to the
   * parameters through them), valid while the weights do not change; close it after.
   */
  public Joined joined(NDManager parent) {
    NDManager m = parent.newSubManager();
    int layers = config.numHiddenLayers();
    Joined j = new Joined(m, layers);
    for (int l = 0; l < layers; l++) {
      j.qkvWeight[l] = join(m, qkvWeights(l));
      j.qkvBias[l] = join(m, qkvBiases(l));
      j.gateUp[l] = join(m, gateUpWeights(l));
    }
    return j;
  }

  /** Joined q/k/v and gate/up projections of every layer, see {@link #joined(NDManager)}. */
  public static final class Joined implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] qkvWeight;
    private final NDArray[] qkvBias;
    private final NDArray[] gateUp;

    private Joined(NDManager manager, int layers) {
      this.manager = manager;
      this.qkvWeight = new NDArray[layers];
      this.qkvBias = new NDArray[layers];
      this.gateUp = new NDArray[layers];
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  private static String[] qkvWeights(int layer) {
    String pre = "model.layers." + layer + ".self_attn.";
    return new String[] {pre + "q_proj.weight", pre + "k_proj.weight", pre + "v_proj.weight"};
  }

  private static String[] qkvBiases(int layer) {
    String pre = "model.layers." + layer + ".self_attn.";
    return new String[] {pre + "q_proj.bias", pre + "k_proj.bias", pre + "v_proj.bias"};
  }

  private static String[] gateUpWeights(int layer) {
    String pre = "model.layers." + layer + ".mlp.";
    return new String[] {pre + "gate_proj.weight", pre + "up_proj.weight"};
  }

  private NDArray join(NDArray like, String... names) {
    return join(like.getManager(), names);
  }

  /**
   * The named parameters concatenated along their first axis, owned by {@code m} (the step's): an
   * op's result belongs to its first operand's manager, here the model's, which would keep every
   * step's copy.
   */
  private NDArray join(NDManager m, String... names) {
    NDList parts = new NDList(names.length);
    for (String name : names) {
      parts.add(p(name));
    }
    NDArray joined = NDArrays.concat(parts);
    joined.attach(m);
    return joined;
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray variance = x.square().mean(new int[] {-1}, true);
    return x.div(variance.add(config.rmsNormEps()).sqrt()).mul(weight);
  }

  private NDArray p(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalStateException("parameter " + name + " is missing");
    }
    return a;
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    long n = 0;
    for (NDArray a : params.values()) {
      n += a.getShape().size();
    }
    return n;
  }

  @Override
  public void close() {
    manager.close();
  }
}
