package dev.arbor.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arbor's safetensors files against the reference implementation (the Python {@code safetensors}
 * library, through {@code scripts/safetensors_interop.py}): it reads what Arbor writes, and
 * re-serialising gives the same bytes; Arbor reads what it writes. Tagged {@code interop}: needs a
 * Python with safetensors and numpy, given as {@code -Darbor.python=...}; {@code .ci/run} installs
 * one. Without them it fails (it does not skip).
 */
@Tag("interop")
class SafetensorsInteropTest {

  @TempDir Path dir;

  @Test
  void referenceLibraryReadsArborFilesAndWritesTheSameBytes() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Random r = new Random(7);
      Map<String, NDArray> in = new LinkedHashMap<>();
      float[] w = new float[6 * 5];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) r.nextGaussian();
      }
      in.put("model.layers.0.mlp.down_proj.weight", m.create(w, new Shape(6, 5)));
      in.put("model.norm.weight", m.create(new float[] {1f, -0.5f, 1e-30f}));
      in.put("scalar", m.create(2.5f));
      in.put("empty", m.create(new Shape(0, 3), DataType.FLOAT32));
      in.put("step", m.create(new long[] {42L, -(1L << 50)}));
      in.put("ids", m.create(new int[] {3, -4}));
      Path f32 = dir.resolve("java_f32.safetensors");
      Path bf16 = dir.resolve("java_bf16.safetensors");
      SafetensorsWriter.float32().withMetadata(SafetensorsWriter.PT_METADATA).write(f32, in);
      SafetensorsWriter.bfloat16().write(bf16, in);

      JsonNode out = runPython("read", f32.toString(), bf16.toString());
      for (Path file : List.of(f32, bf16)) {
        JsonNode f = out.get(file.getFileName().toString());
        assertThat(f.get("identical_after_reserialize").asBoolean())
            .as("the library re-serialises %s to identical bytes", file.getFileName())
            .isTrue();
        boolean isBf16 = file.equals(bf16);
        assertThat(f.get("metadata").isNull()).isEqualTo(isBf16);
        assertThat(f.get("tensors").size()).isEqualTo(in.size());
        for (Map.Entry<String, NDArray> e : in.entrySet()) {
          JsonNode t = f.get("tensors").get(e.getKey());
          NDArray a = e.getValue();
          assertThat(longs(t.get("shape"))).containsExactly(a.getShape().getShape());
          if (a.getDataType() == DataType.FLOAT32) {
            assertThat(t.get("dtype").asText()).isEqualTo(isBf16 ? "BF16" : "F32");
            float[] expected = a.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
              expected[i] = isBf16 ? BFloat16.round(expected[i]) : expected[i];
            }
            assertThat(floats(t.get("values"))).containsExactly(expected);
          } else {
            assertThat(t.get("dtype").asText())
                .isEqualTo(a.getDataType() == DataType.INT64 ? "I64" : "I32");
            assertThat(longs(t.get("values")))
                .containsExactly(
                    a.getDataType() == DataType.INT64
                        ? a.toLongArray()
                        : Arrays.stream(a.toIntArray()).asLongStream().toArray());
          }
        }
      }
    }
  }

  @Test
  void arborReadsFilesTheReferenceLibraryWrote() throws Exception {
    JsonNode expected = runPython("write", dir.toString());
    try (NDManager m = NDManager.newBaseManager()) {
      for (Iterator<String> files = expected.fieldNames(); files.hasNext(); ) {
        String file = files.next();
        try (NDManager scope = m.newSubManager();
            Safetensors st = Safetensors.open(dir.resolve(file))) {
          JsonNode tensors = expected.get(file);
          assertThat(st.tensors().keySet()).hasSize(tensors.size());
          for (Iterator<String> names = tensors.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode t = tensors.get(name);
            NDArray a = st.load(name, scope);
            assertThat(a.getShape().getShape()).containsExactly(longs(t.get("shape")));
            assertThat(st.info(name).dtype().name()).isEqualTo(t.get("dtype").asText());
            if (st.info(name).dtype().isFloating()) {
              assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
              assertThat(a.toFloatArray()).as(name).containsExactly(floats(t.get("values")));
            } else if (a.getDataType() == DataType.INT64) {
              assertThat(a.toLongArray()).as(name).containsExactly(longs(t.get("values")));
            } else {
              assertThat(a.toIntArray()).as(name).containsExactly(ints(t.get("values")));
            }
          }
          if (file.equals("py_numpy.safetensors")) {
            assertThat(st.metadata()).containsExactly(Map.entry("format", "pt"));
          }
          assertThat(scope.getManagedArrays()).hasSize(tensors.size());
        }
      }
      assertThat(m.getManagedArrays()).isEmpty();
    }
  }

  private static long[] longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static int[] ints(JsonNode array) {
    return Arrays.stream(longs(array)).mapToInt(Math::toIntExact).toArray();
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  private static JsonNode runPython(String... args) throws IOException, InterruptedException {
    String python = System.getProperty("arbor.python", "python3");
    List<String> command = new ArrayList<>(List.of(python, findScript().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
    assertThat(p.exitValue())
        .as(
            "%s failed (needs safetensors and numpy: pip install safetensors numpy, then"
                + " -Darbor.python=...):%n%s",
            command, new String(err, StandardCharsets.UTF_8))
        .isZero();
    return new ObjectMapper().readTree(out);
  }

  private static Path findScript() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path script = d.resolve("scripts/safetensors_interop.py");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException(
        "scripts/safetensors_interop.py not found above the working dir");
  }
}
