package dev.arbor.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class DjlSmokeTest {
  @Test
  void pytorchEngineComputesGradientsOffline() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = x.mul(x).sum();
        gc.backward(y);
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(2f, 4f, 6f);
      assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
    }
  }
}
