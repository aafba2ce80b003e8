package dev.arbor.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.io.Checkpoint;
import dev.arbor.trainer.io.LoadedCheckpoint;
import dev.arbor.trainer.model.Devices;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arbor model score}: per-token log-probs of a text (log-softmax at t-1 gathered at t), the
 * check that the model equals the reference implementation.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Print the input ids and per-token log-probs of a text under a checkpoint.")
final class ModelScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Checkpoint folder.")
  Path model;

  @ArgGroup(multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--text", description = "Text to tokenise and score.")
    String text;

    @Option(names = "--ids", split = ",", description = "Token ids to score, comma-separated.")
    int[] ids;
  }

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "DJL device: cpu, gpu or gpu<N> (a GPU needs DJL's CUDA build of PyTorch).")
  String device;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (NDManager m = NDManager.newBaseManager(Devices.parse(device))) {
      LoadedCheckpoint loaded = Checkpoint.load(model, m);
      try (Tokenizer tokenizer = loaded.tokenizerOrDefault();
          Qwen2Model policy = Qwen2Model.of(loaded.config(), loaded.parameters(), m)) {
        int[] ids = input.ids != null ? input.ids : tokenizer.encode(input.text);
        for (int id : ids) {
          if (id < 0 || id >= loaded.config().vocabSize()) {
            throw new IllegalArgumentException(
                "token id "
                    + id
                    + " is outside the vocabulary (0.."
                    + (loaded.config().vocabSize() - 1)
                    + ")");
          }
        }
        TokenScores s = Forward.tokens(policy, ids, m);
        float[] lp = s.logprobs().toFloatArray();
        float[] ent = s.entropies().toFloatArray();
        if (json) {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("model", model.toString());
          out.put("ids", ids);
          out.put("logprobs", lp);
          out.put("entropies", ent);
          double sum = 0;
          for (int i = 1; i < lp.length; i++) {
            sum += lp[i];
          }
          out.put("sum_logprob", sum);
          spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(out));
        } else {
          for (int i = 0; i < ids.length; i++) {
            spec.commandLine()
                .getOut()
                .printf(Locale.ROOT, "%6d %10.5f %8.4f%n", ids[i], lp[i], ent[i]);
          }
        }
      }
    }
    return ArborCli.EXIT_OK;
  }
}
