package dev.arbor.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientsTest {

  @Test
  void zeroClearsAccumulatedGradientsEvenNaNAndTheNextBackwardStartsFromZero() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1, 2, 3});
      w.setRequiresGradient(true);
      Map<String, NDArray> params = Map.of("w", w);
      backward(w, m.create(new float[] {Float.NaN, 1, 1}));
      backward(w, m.create(new float[] {1, 1, 1}));
      Gradients.zero(params);
      assertArrayEquals(new float[] {0, 0, 0}, Gradients.copy(params).get("w"));
      backward(w, m.create(new float[] {2, 3, 4}));
      assertArrayEquals(new float[] {2, 3, 4}, Gradients.copy(params).get("w"));
      backward(w, m.create(new float[] {1, 1, 1}));
      assertArrayEquals(new float[] {3, 4, 5}, Gradients.copy(params).get("w"));
    }
  }

  /** Adds {@code c} to w's gradient: d(sum(w * c))/dw = c. */
  private static void backward(NDArray w, NDArray c) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(w.mul(c).sum());
    }
  }
}
