package dev.arbor.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter 2019) on raw parameter arrays, with decoupled weight decay:
 *
 * <pre>
 *   m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
 *   p = p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) - lr wd p
 * </pre>
 *
 * Norm weights and biases are not decayed (as is usual for transformers). Updates happen in place,
 * outside any gradient collector. The state (moments, step count) can be exported and restored, so
 * that a resumed run takes the same next step bit for bit.
 *
 * <p>{@link #resetMoments()} starts the moments afresh while the step count (the policy version)
 * keeps counting: {@code t} in the bias corrections is then the number of updates since the reset,
 * as for a new optimizer. RL after a supervised warm-up uses it: the warm-up's second moments come
 * from gradients of another scale and would shrink or inflate every RL step.
 */
public final class AdamW implements AutoCloseable {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final NDManager manager;
  private final Map<String, NDArray> m1 = new LinkedHashMap<>();
  private final Map<String, NDArray> m2 = new LinkedHashMap<>();
  private long step;
  private long momentOrigin; // the step at which the moments were last reset

  /** AdamW with the given hyper-parameters; state arrays live on a child of {@code parent}. */
  public AdamW(double beta1, double beta2, double eps, double weightDecay, NDManager parent) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(eps > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "eps must be > 0 and weight decay >= 0, got " + eps + ", " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.manager = parent.newSubManager();
  }

  /** Defaults of most RL post-training recipes: betas (0.9, 0.999), eps 1e-8, decay 0.01. */
  public static AdamW defaults(NDManager parent) {
    return new AdamW(0.9, 0.999, 1e-8, 0.01, parent);
  }

  /** Steps taken so far. */
  public long step() {
    return step;
  }

  /** The step count when the moments were last reset ({@link #resetMoments()}; 0 if never). */
  public long momentOrigin() {
    return momentOrigin;
  }

  /**
   * Zeroes both moments and restarts their bias correction, keeping the step count: the next update
   * is the one a fresh optimizer would make from the same gradients.
   */
  public void resetMoments() {
    m1.values().forEach(NDArray::close);
    m2.values().forEach(NDArray::close);
    m1.clear();
    m2.clear();
    momentOrigin = step;
  }

  /** Applies one update with learning rate {@code lr} from the parameters' current gradients. */
  public void update(Map<String, NDArray> params, double lr) {
    step++;
    long t = step - momentOrigin;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      String name = e.getKey();
      NDArray p = e.getValue();
      // Every temporary is attached to `tmp`: an op's result lives on its receiver's manager,
      // which for the moments and parameters would be a long-lived one.
      try (NDManager tmp = manager.newSubManager()) {
        NDArray g = on(tmp, p.getGradient());
        NDArray a = m1.computeIfAbsent(name, k -> manager.zeros(p.getShape()));
        NDArray b = m2.computeIfAbsent(name, k -> manager.zeros(p.getShape()));
        a.muli(beta1).addi(g.mul(1 - beta1));
        b.muli(beta2).addi(g.square().mul(1 - beta2));
        NDArray denom = on(tmp, b.div(c2)).sqrt().add(eps);
        NDArray delta = on(tmp, a.div(c1)).div(denom).mul(lr);
        if (weightDecay > 0 && decays(name)) {
          delta.addi(on(tmp, p.mul(lr * weightDecay)));
        }
        p.subi(delta);
      }
    }
  }

  private static NDArray on(NDManager m, NDArray a) {
    a.attach(m);
    return a;
  }

  private static boolean decays(String name) {
    return !name.endsWith(".bias") && !name.endsWith("norm.weight");
  }

  /** The state as named arrays ({@code m.<param>}, {@code v.<param>}): live, do not modify. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    m1.forEach((k, a) -> out.put("m." + k, a));
    m2.forEach((k, a) -> out.put("v." + k, a));
    return out;
  }

  /**
   * Restores moments as {@link #state()} names them, the step count and the step of the moments'
   * last reset ({@link #momentOrigin()}); copies the arrays.
   *
   * @throws IllegalArgumentException naming a parameter whose moments are missing or misshapen, or
   *     if {@code momentOrigin} is not in [0, steps]
   */
  public void restoreState(
      Map<String, NDArray> state, long steps, long momentOrigin, Map<String, NDArray> params) {
    if (momentOrigin < 0 || momentOrigin > steps) {
      throw new IllegalArgumentException(
          "optimizer moment origin " + momentOrigin + " is not in [0, " + steps + "]");
    }
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray a = state.get("m." + e.getKey());
      NDArray b = state.get("v." + e.getKey());
      if (a == null || b == null) {
        if (steps == momentOrigin) {
          continue;
        }
        throw new IllegalArgumentException(
            "optimizer state has no moments for parameter " + e.getKey());
      }
      if (!a.getShape().equals(e.getValue().getShape())
          || !b.getShape().equals(e.getValue().getShape())) {
        throw new IllegalArgumentException(
            "optimizer moments of "
                + e.getKey()
                + " have shape "
                + a.getShape()
                + ", the parameter "
                + e.getValue().getShape());
      }
      replace(m1, e.getKey(), a);
      replace(m2, e.getKey(), b);
    }
    this.step = steps;
    this.momentOrigin = momentOrigin;
  }

  private void replace(Map<String, NDArray> moments, String name, NDArray value) {
    NDArray old = moments.put(name, value.duplicate());
    moments.get(name).attach(manager);
    if (old != null) {
      old.close();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
