package dev.arbor.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.trainer.tokenizer.HfTokenizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  /** Small, untied, vocabulary large enough for the tiny BPE fixture (303 ids). */
  static final Qwen2Config UNTIED =
      new Qwen2Config(320, 32, 48, 2, 4, 2, 1e-6, 1e6, 512, false, "float32");

  @TempDir Path dir;
  private NDManager base;
  private NDManager m;

  @BeforeEach
  void managers() {
    base = NDManager.newBaseManager();
    m = base.newSubManager();
  }

  @AfterEach
  void noLeak() {
    m.close();
    assertThat(base.getManagedArrays())
        .as("arrays left after closing the test's manager")
        .isEmpty();
    base.close();
  }

  private Map<String, NDArray> random(Qwen2Config config, long seed) {
    Random r = new Random(seed);
    Map<String, NDArray> p = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.expectedTensors().entrySet()) {
      Shape shape = new Shape(e.getValue());
      float[] v = new float[(int) shape.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.02);
      }
      p.put(e.getKey(), m.create(v, shape));
    }
    return p;
  }

  private static Path bpeFixture() {
    try {
      return Path.of(
              CheckpointTest.class
                  .getResource("/dev/arbor/trainer/tokenizer/tiny-bpe/tokenizer.json")
                  .toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertSameValues(Map<String, NDArray> a, Map<String, NDArray> b) {
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    for (String name : a.keySet()) {
      assertThat(b.get(name).getShape()).as(name).isEqualTo(a.get(name).getShape());
      assertThat(b.get(name).toFloatArray()).as(name).containsExactly(a.get(name).toFloatArray());
    }
  }

  @Test
  void float32LoadSaveLoadIsLossless() throws IOException {
    Map<String, NDArray> params = random(UNTIED, 1);
    Path first = dir.resolve("first");
    try (HfTokenizer tok = HfTokenizer.load(bpeFixture())) {
      Checkpoint.save(
          first,
          UNTIED,
          params,
          SaveOptions.defaults().withTokenizer(tok).withSource("random init").withSeed(7));
    }
    assertThat(first.resolve("config.json")).exists();
    assertThat(first.resolve("tokenizer.json")).exists();
    assertThat(first.resolve("tokenizer_config.json")).exists();
    Path second = dir.resolve("second");
    try (NDManager scope = m.newSubManager();
        LoadedCheckpoint a = Checkpoint.load(first, scope)) {
      assertThat(a.config()).isEqualTo(UNTIED);
      assertThat(scope.getManagedArrays()).hasSize(UNTIED.expectedTensors().size());
      assertSameValues(params, a.parameters());
      assertThat(a.parameters().get("lm_head.weight").getName()).isEqualTo("lm_head.weight");
      assertThat(a.parameters().get("model.norm.weight").getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(a.tokenizer()).isPresent();
      assertThat(a.tokenizer().get().encode("hello world"))
          .containsExactly(257, 108, 108, 111, 287);
      assertThat(a.tokenizer().get().eosId()).hasValue(300);
      Provenance p = a.provenance().orElseThrow();
      assertThat(p.source()).hasValue("random init");
      assertThat(p.seed()).hasValue(7);
      assertThat(p.arborVersion())
          .isEqualTo(Provenance.arborVersionOfThisBuild())
          .isNotEqualTo("unknown");
      p.gitCommit().ifPresent(c -> assertThat(c).matches("[0-9a-f]{40,64}(-dirty)?"));
      Checkpoint.save(
          second,
          a.config(),
          a.parameters(),
          SaveOptions.defaults().withTokenizer(a.tokenizer().get()));
    }
    assertThat(Files.readAllBytes(second.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(first.resolve("model.safetensors")));
    try (LoadedCheckpoint b = Checkpoint.load(second, m)) {
      assertSameValues(params, b.parameters());
    }
  }

  @Test
  void bfloat16RoundTripIsStable() throws IOException {
    Qwen2Config bf16 = new Qwen2Config(264, 64, 172, 2, 4, 2, 1e-6, 10000, 4096, true, "bfloat16");
    Map<String, NDArray> params = random(bf16, 2);
    Path first = dir.resolve("first");
    Checkpoint.save(first, bf16, params, SaveOptions.defaults().withTokenizer(new ByteTokenizer()));
    try (Safetensors st = Safetensors.open(first.resolve("model.safetensors"))) {
      assertThat(st.info("model.embed_tokens.weight").dtype()).isEqualTo(SafetensorsDtype.BF16);
      assertThat(st.metadata()).containsEntry("format", "pt");
      assertThat(st.contains("lm_head.weight")).isFalse();
    }
    Path second = dir.resolve("second");
    try (LoadedCheckpoint a = Checkpoint.load(first, m)) {
      assertThat(a.tokenizer()).isEmpty();
      assertThat(a.tokenizerOrDefault()).isInstanceOf(ByteTokenizer.class);
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        float[] expected = e.getValue().toFloatArray();
        for (int i = 0; i < expected.length; i++) {
          expected[i] = BFloat16.round(expected[i]);
        }
        assertThat(a.parameters().get(e.getKey()).toFloatArray()).containsExactly(expected);
      }
      Checkpoint.save(second, a.config(), a.parameters(), SaveOptions.defaults());
    }
    assertThat(Files.readAllBytes(second.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(first.resolve("model.safetensors")));
    JsonNode arbor = new ObjectMapper().readTree(first.resolve("arbor.json").toFile());
    assertThat(arbor.path("format").asText()).isEqualTo("arbor.checkpoint");
    assertThat(arbor.path("dtype").asText()).isEqualTo("bfloat16");
    assertThat(arbor.path("tokenizer").asText()).isEqualTo("byte");
    assertThat(arbor.path("tensors").asInt()).isEqualTo(bf16.expectedTensors().size());
  }

  /** Writes {@code config} and {@code tensors} as a folder, bypassing save()'s checks. */
  private Path folder(String name, Qwen2Config config, Map<String, NDArray> tensors)
      throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    config.write(d.resolve("config.json"));
    SafetensorsWriter.float32().write(d.resolve("model.safetensors"), tensors);
    return d;
  }

  @Test
  void wrongShapeAndMissingTensorsAreNamedWithBothShapes() throws IOException {
    Map<String, NDArray> params = random(UNTIED, 3);
    params.put("model.layers.1.self_attn.k_proj.weight", m.zeros(new Shape(16, 31)));
    params.remove("model.layers.0.mlp.up_proj.weight");
    Path d = folder("bad", UNTIED, params);
    int before = m.getManagedArrays().size();
    assertThatThrownBy(() -> Checkpoint.load(d, m))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(d + ": the weights do not match config.json (2 problems)")
        .hasMessageContaining(
            "tensor 'model.layers.1.self_attn.k_proj.weight' has shape [16, 31] in"
                + " model.safetensors, but config.json expects [16, 32]")
        .hasMessageContaining(
            "tensor 'model.layers.0.mlp.up_proj.weight' is missing (config.json expects shape"
                + " [48, 32])");
    assertThat(m.getManagedArrays()).as("a failed load leaves nothing").hasSize(before);

    Map<String, NDArray> good = random(UNTIED, 3);
    assertThatThrownBy(
            () -> {
              Map<String, NDArray> missing = new LinkedHashMap<>(good);
              missing.remove("model.norm.weight");
              Checkpoint.save(dir.resolve("x"), UNTIED, missing, SaveOptions.defaults());
            })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'model.norm.weight' is missing (the config expects shape [32])");
    assertThatThrownBy(
            () -> {
              Map<String, NDArray> wrong = new LinkedHashMap<>(good);
              wrong.put("model.norm.weight", m.zeros(new Shape(33)));
              Checkpoint.save(dir.resolve("x"), UNTIED, wrong, SaveOptions.defaults());
            })
        .hasMessageContaining("'model.norm.weight' is float32 [33], but the config expects")
        .hasMessageContaining("shape [32]");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void buffersAndTiedHeadsAreIgnoredAndStrangersReported() throws IOException {
    Qwen2Config tied = Qwen2Config.named("tiny");
    Map<String, NDArray> params = random(tied, 4);
    Map<String, NDArray> files = new TreeMap<>(params);
    files.put("lm_head.weight", m.zeros(new Shape(264, 64)));
    files.put("model.layers.0.self_attn.rotary_emb.inv_freq", m.ones(new Shape(8)));
    files.put("visual.patch_embed.weight", m.ones(new Shape(2)));
    Path d = folder("extra", tied, files);
    try (LoadedCheckpoint c = Checkpoint.load(d, m)) {
      assertThat(c.parameters()).doesNotContainKey("lm_head.weight");
      assertThat(c.ignoredTensors())
          .containsExactly("lm_head.weight", "model.layers.0.self_attn.rotary_emb.inv_freq");
      assertThat(c.unexpectedTensors()).containsExactly("visual.patch_embed.weight");
      assertSameValues(params, c.parameters());
    }
    // A tied model may be saved with its head; it is not written.
    Map<String, NDArray> withHead = new LinkedHashMap<>(params);
    withHead.put("lm_head.weight", params.get("model.embed_tokens.weight"));
    Checkpoint.save(dir.resolve("saved"), tied, withHead, SaveOptions.defaults());
    try (Safetensors st = Safetensors.open(dir.resolve("saved/model.safetensors"))) {
      assertThat(st.tensors().keySet()).containsExactlyInAnyOrderElementsOf(params.keySet());
    }
    withHead.put("model.extra", m.ones(new Shape(1)));
    assertThatThrownBy(
            () -> Checkpoint.save(dir.resolve("s2"), tied, withHead, SaveOptions.defaults()))
        .hasMessageContaining("'model.extra' is not part of the config's model");
  }

  @Test
  void shardedCheckpointsLoadThroughTheIndex() throws IOException {
    Map<String, NDArray> params = random(UNTIED, 5);
    Path d = Files.createDirectories(dir.resolve("sharded"));
    UNTIED.write(d.resolve("config.json"));
    Map<String, NDArray> one = new LinkedHashMap<>();
    Map<String, NDArray> two = new LinkedHashMap<>();
    StringBuilder index =
        new StringBuilder("{\"metadata\": {\"total_size\": 1}, \"weight_map\": {");
    int i = 0;
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      String shard =
          i++ % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
      (shard.startsWith("model-00001") ? one : two).put(e.getKey(), e.getValue());
      index
          .append(i == 1 ? "" : ", ")
          .append('"')
          .append(e.getKey())
          .append("\": \"")
          .append(shard)
          .append('"');
    }
    Files.writeString(d.resolve("model.safetensors.index.json"), index + "}}");
    SafetensorsWriter.bfloat16().write(d.resolve("model-00001-of-00002.safetensors"), one);
    SafetensorsWriter.float32().write(d.resolve("model-00002-of-00002.safetensors"), two);
    try (LoadedCheckpoint c = Checkpoint.load(d, m)) {
      for (Map.Entry<String, NDArray> e : two.entrySet()) {
        assertThat(c.parameters().get(e.getKey()).toFloatArray())
            .containsExactly(e.getValue().toFloatArray());
      }
      assertThat(c.parameters()).hasSize(params.size());
      // Saving over it replaces the shards by one file.
      Checkpoint.save(d, c.config(), c.parameters(), SaveOptions.defaults());
    }
    try (var files = Files.list(d)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("config.json", "model.safetensors", "arbor.json");
    }

    Path broken = Files.createDirectories(dir.resolve("broken"));
    UNTIED.write(broken.resolve("config.json"));
    Files.writeString(
        broken.resolve("model.safetensors.index.json"),
        "{\"weight_map\": {\"model.norm.weight\": \"model-00001-of-00001.safetensors\"}}");
    SafetensorsWriter.float32()
        .write(
            broken.resolve("model-00001-of-00001.safetensors"),
            Map.of("model.embed_tokens.weight", params.get("model.embed_tokens.weight")));
    assertThatThrownBy(() -> Checkpoint.load(broken, m))
        .hasMessageContaining(
            "model.safetensors.index.json: tensor 'model.norm.weight' is listed in"
                + " model-00001-of-00001.safetensors, which lacks it");
  }

  @Test
  void foldersThatAreNotCheckpointsAreExplained() throws IOException {
    assertThatThrownBy(() -> Checkpoint.load(dir, m)).hasMessageContaining("no config.json");
    UNTIED.write(dir.resolve("config.json"));
    Files.writeString(dir.resolve("pytorch_model.bin"), "");
    assertThatThrownBy(() -> Checkpoint.load(dir, m))
        .hasMessageContaining("no model.safetensors and no model.safetensors.index.json")
        .hasMessageContaining("pytorch_model.bin is not supported");
    Qwen2Config small = new Qwen2Config(264, 32, 48, 1, 4, 2, 1e-6, 1e6, 512, true, "float32");
    Checkpoint.save(dir.resolve("small"), small, random(small, 6), SaveOptions.defaults());
    Files.copy(bpeFixture().resolve("tokenizer.json"), dir.resolve("small/tokenizer.json"));
    assertThatThrownBy(() -> Checkpoint.load(dir.resolve("small"), m))
        .hasMessageContaining(
            "the tokenizer produces ids up to 302, but config.json has vocab_size 264");
  }
}
