package dev.arbor.trainer.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.io.Checkpoint;
import dev.arbor.trainer.io.LoadedCheckpoint;
import dev.arbor.trainer.model.Qwen2Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arbor's Qwen2 model equals Hugging Face transformers' Qwen2ForCausalLM (eager attention) on the
 * same checkpoint: per-token log-probs and entropies within 1e-4 for tied and untied heads and for
 * a bfloat16 checkpoint. The checkpoints are written by transformers itself ({@code
 * scripts/hf_reference.py}). Tagged {@code interop}: needs {@code -Darbor.python=} with torch and
 * transformers ({@code .ci/run} installs them); fails, not skips, without.
 */
@Tag("interop")
class HfReferenceTest {

  @Test
  void logprobsMatchTransformers(@TempDir Path dir) throws Exception {
    int[] ids = new Random(4).ints(40, 0, 264).toArray();
    StringJoiner csv = new StringJoiner(",");
    for (int id : ids) {
      csv.add(Integer.toString(id));
    }
    for (String[] variant :
        new String[][] {{"tied"}, {"untied", "--untied"}, {"bf16", "--dtype", "bfloat16"}}) {
      Path model = dir.resolve(variant[0]);
      List<String> init =
          new ArrayList<>(List.of("init", "--out", model.toString(), "--seed", "5"));
      for (int i = 1; i < variant.length; i++) {
        init.add(variant[i]);
      }
      python(init);
      JsonNode ref =
          new ObjectMapper()
              .readTree(
                  python(List.of("score", "--model", model.toString(), "--ids", csv.toString())));
      try (NDManager m = NDManager.newBaseManager()) {
        LoadedCheckpoint loaded = Checkpoint.load(model, m);
        try (Qwen2Model policy = Qwen2Model.of(loaded.config(), loaded.parameters(), m)) {
          TokenScores s = Forward.tokens(policy, ids, m);
          float[] lp = s.logprobs().toFloatArray();
          float[] ent = s.entropies().toFloatArray();
          for (int t = 1; t < ids.length; t++) {
            assertThat(Math.abs(lp[t] - ref.get("logprobs").get(t).asDouble()))
                .as("%s log-prob of token %d", variant[0], t)
                .isLessThan(1e-4);
            assertThat(Math.abs(ent[t] - ref.get("entropies").get(t).asDouble()))
                .as("%s entropy at token %d", variant[0], t)
                .isLessThan(1e-4);
          }
        }
      }
    }
  }

  private static String python(List<String> args) throws Exception {
    String python = System.getProperty("arbor.python", "python3");
    Path script = findUp("scripts/hf_reference.py");
    List<String> command = new ArrayList<>(List.of(python, script.toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python finished").isTrue();
    assertThat(p.exitValue())
        .as(
            "%s failed (needs torch and transformers; -Darbor.python=...):%n%s",
            command, new String(err, StandardCharsets.UTF_8))
        .isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static Path findUp(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above the working directory");
  }
}
