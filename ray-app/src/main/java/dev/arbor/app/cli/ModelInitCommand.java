package dev.arbor.app.cli;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.io.Checkpoint;
import dev.arbor.trainer.io.SaveOptions;
import dev.arbor.trainer.model.Devices;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arbor model init}: a random checkpoint in the Hugging Face folder format. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Write a randomly initialised checkpoint (config.json + model.safetensors).")
final class ModelInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      defaultValue = "tiny",
      description = "tiny, small, base, or a config.json file.")
  String config;

  @Option(names = "--out", required = true, description = "Folder to write.")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "Initialisation seed.")
  long seed;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "DJL device: cpu, gpu or gpu<N> (a GPU needs DJL's CUDA build of PyTorch).")
  String device;

  @Override
  public Integer call() throws Exception {
    Qwen2Config c =
        config.endsWith(".json") ? Qwen2Config.read(Path.of(config)) : Qwen2Config.named(config);
    try (NDManager m = NDManager.newBaseManager(Devices.parse(device));
        Qwen2Model model = Qwen2Model.random(c, seed, m)) {
      SaveOptions options = SaveOptions.defaults().withSeed(seed).withSource("arbor model init");
      if (c.vocabSize() >= new ByteTokenizer().vocabSize()) {
        options = options.withTokenizer(new ByteTokenizer());
      }
      Checkpoint.save(out, c, model.parameters(), options);
      spec.commandLine()
          .getErr()
          .printf(
              "wrote %s (%,d parameters, %d layers, d=%d) to %s%n",
              config, model.parameterCount(), c.numHiddenLayers(), c.hiddenSize(), out);
    }
    return ArborCli.EXIT_OK;
  }
}
