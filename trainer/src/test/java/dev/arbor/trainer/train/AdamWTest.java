package dev.arbor.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resetting the moments: the next updates are a fresh optimizer's, the step keeps counting. */
class AdamWTest {

  /** Sets the gradient of {@code p} to a seeded random vector (the gradient of sum(p * c)). */
  private static void gradient(NDArray p, long seed) {
    float[] c = new float[(int) p.size()];
    Random random = new Random(seed);
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) random.nextGaussian();
    }
    Gradients.zero(Map.of("p", p));
    try (NDManager tmp = p.getManager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(p.mul(tmp.create(c, p.getShape())).sum());
    }
  }

  private static void update(AdamW adam, String name, NDArray p, long seed) {
    gradient(p, seed);
    JniUtils.setGradMode(false);
    adam.update(Map.of(name, p), 1e-2);
  }

  /** A random parameter after three updates of {@code adam} (seeds 1-3). */
  private static NDArray afterThreeUpdates(AdamW adam, NDManager root) {
    NDArray p = root.randomNormal(new Shape(4, 3));
    p.setRequiresGradient(true);
    for (int s = 1; s <= 3; s++) {
      update(adam, "w.weight", p, s);
    }
    return p;
  }

  private static NDArray trainableCopy(NDArray p) {
    NDArray q = p.duplicate();
    q.setRequiresGradient(true);
    return q;
  }

  @Test
  void afterAResetTheNextUpdatesAreAFreshOptimizersAndTheStepKeepsCounting() {
    try (NDManager root = NDManager.newBaseManager();
        AdamW used = AdamW.defaults(root);
        AdamW fresh = AdamW.defaults(root)) {
      NDArray p = afterThreeUpdates(used, root);
      int withMoments = root.getManagedArrays().size();
      NDArray q = trainableCopy(p);

      used.resetMoments();
      assertThat(used.step()).isEqualTo(3);
      assertThat(used.momentOrigin()).isEqualTo(3);
      assertThat(used.state()).isEmpty();
      assertThat(root.getManagedArrays().size()).as("moments released").isLessThan(withMoments);

      for (int s = 4; s <= 5; s++) {
        update(used, "w.weight", p, s);
        update(fresh, "w.weight", q, s);
        assertThat(p.toFloatArray()).as("after step " + s).isEqualTo(q.toFloatArray());
      }
      assertThat(used.step()).isEqualTo(5);
      assertThat(fresh.step()).isEqualTo(2);
    }
  }

  @Test
  void withoutAResetTheOldMomentsChangeTheUpdate() {
    try (NDManager root = NDManager.newBaseManager();
        AdamW used = AdamW.defaults(root);
        AdamW fresh = AdamW.defaults(root)) {
      NDArray p = afterThreeUpdates(used, root);
      NDArray q = trainableCopy(p);
      update(used, "w.weight", p, 4);
      update(fresh, "w.weight", q, 4);
      assertThat(p.toFloatArray()).isNotEqualTo(q.toFloatArray());
    }
  }
}
