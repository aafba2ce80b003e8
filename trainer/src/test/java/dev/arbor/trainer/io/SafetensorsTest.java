package dev.arbor.trainer.io;

import static dev.arbor.trainer.io.RawSafetensors.concat;
import static dev.arbor.trainer.io.RawSafetensors.f32;
import static dev.arbor.trainer.io.RawSafetensors.u16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

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

  private Map<String, NDArray> sample(long seed) {
    Random r = new Random(seed);
    Map<String, NDArray> t = new LinkedHashMap<>();
    t.put("model.layers.0.mlp.up_proj.weight", randn(r, 7, 5));
    t.put("model.norm.weight", randn(r, 5));
    t.put("a.cube", randn(r, 2, 3, 4));
    t.put("scalar", m.create(3.25f));
    t.put("empty", m.create(new Shape(0, 4), DataType.FLOAT32));
    t.put("steps", m.create(new long[] {1, -2, Long.MAX_VALUE}));
    t.put("ids", m.create(new int[] {7, 8, 9, Integer.MIN_VALUE}));
    return t;
  }

  private NDArray randn(Random r, long... dims) {
    float[] v = new float[(int) new Shape(dims).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian() * (i % 7 == 0 ? 1e-3f : 3f);
    }
    return m.create(v, new Shape(dims));
  }

  @Test
  void float32RoundTripIsExactAndKeepsIntegerTypes() throws IOException {
    Map<String, NDArray> in = sample(1);
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter.float32().withMetadata(SafetensorsWriter.PT_METADATA).write(file, in);

    try (Safetensors st = Safetensors.open(file)) {
      assertThat(st.metadata()).containsExactly(Map.entry("format", "pt"));
      assertThat(st.tensors().keySet()).containsExactlyInAnyOrderElementsOf(in.keySet());
      assertThat(st.info("a.cube").dtype()).isEqualTo(SafetensorsDtype.F32);
      assertThat(st.info("steps").dtype()).isEqualTo(SafetensorsDtype.I64);
      assertThat(st.info("scalar").dims()).isEmpty();
      for (Map.Entry<String, NDArray> e : in.entrySet()) {
        NDArray out = st.load(e.getKey(), m);
        assertThat(out.getName()).isEqualTo(e.getKey());
        assertThat(out.getShape()).isEqualTo(e.getValue().getShape());
        assertThat(out.getDataType()).isEqualTo(e.getValue().getDataType());
        assertThat(out.toByteBuffer()).isEqualTo(e.getValue().toByteBuffer());
      }
    }
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void headerIsPaddedAndDataAlignedAsTheReferenceWriterDoes() throws IOException {
    Path file = dir.resolve("x.safetensors");
    SafetensorsWriter.float32().withMetadata(SafetensorsWriter.PT_METADATA).write(file, sample(2));
    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).isZero();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    // I64 first (widest dtype), then F32 by name, then I32; metadata first; compact JSON.
    assertThat(header)
        .startsWith(
            "{\"__metadata__\":{\"format\":\"pt\"},\"steps\":{\"dtype\":\"I64\",\"shape\":[3],"
                + "\"data_offsets\":[0,24]},\"a.cube\":{\"dtype\":\"F32\",\"shape\":[2,3,4],"
                + "\"data_offsets\":[24,120]},\"empty\":")
        .contains("\"ids\":{\"dtype\":\"I32\",\"shape\":[4]")
        .endsWith("}" + " ".repeat(header.length() - header.stripTrailing().length()));
  }

  @Test
  void bfloat16RoundsToNearestEvenAndIsStableOnRewrite() throws IOException {
    Map<String, NDArray> in = sample(3);
    Path first = dir.resolve("a.safetensors");
    SafetensorsWriter.bfloat16().write(first, in);
    Map<String, NDArray> loaded;
    try (Safetensors st = Safetensors.open(first)) {
      assertThat(st.info("a.cube").dtype()).isEqualTo(SafetensorsDtype.BF16);
      assertThat(st.info("steps").dtype()).isEqualTo(SafetensorsDtype.I64);
      loaded = st.loadAll(m);
    }
    float[] orig = in.get("a.cube").toFloatArray();
    float[] back = loaded.get("a.cube").toFloatArray();
    assertThat(loaded.get("a.cube").getDataType()).isEqualTo(DataType.FLOAT32);
    for (int i = 0; i < orig.length; i++) {
      assertThat(back[i]).isEqualTo(BFloat16.round(orig[i]));
    }
    assertThat(loaded.get("steps").toLongArray()).containsExactly(1, -2, Long.MAX_VALUE);

    Path second = dir.resolve("b.safetensors");
    SafetensorsWriter.bfloat16().write(second, loaded);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void bfloat16RoundingMatchesAnExactReference() {
    Random r = new Random(4);
    float[] edges = {
      0f,
      -0f,
      1f,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      Float.MIN_VALUE,
      Float.MIN_NORMAL,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.intBitsToFloat(0x3F808001),
      Float.intBitsToFloat(0x7F7F8000) /* tie at the top: rounds to infinity */
    };
    for (int i = 0; i < 200_000; i++) {
      float v = i < edges.length ? edges[i] : Float.intBitsToFloat(r.nextInt());
      if (!Float.isNaN(v)) {
        assertThat(BFloat16.fromFloat(v)).as("bf16 of %s", v).isEqualTo(nearestBf16(v));
      }
    }
    assertThat(BFloat16.round(1.00390625f)).as("tie rounds to even (down)").isEqualTo(1f);
    assertThat(BFloat16.round(1.01171875f)).as("tie rounds to even (up)").isEqualTo(1.015625f);
    assertThat(BFloat16.fromFloat(Float.NaN)).isEqualTo((short) 0x7FC0);
    assertThat(BFloat16.toFloat((short) 0xC040)).isEqualTo(-3f);
  }

  /** Round to nearest, ties to even, by comparing distances exactly (in double). */
  private static short nearestBf16(float v) {
    if (Float.isInfinite(v)) {
      return (short) (Float.floatToRawIntBits(v) >>> 16);
    }
    int sign = Float.floatToRawIntBits(v) & 0x80000000;
    float a = Math.abs(v);
    int lo = Float.floatToRawIntBits(a) >>> 16; // truncation: the candidate below
    double loValue = Float.intBitsToFloat(lo << 16);
    double ulp = (double) Math.ulp(Float.intBitsToFloat(lo << 16)) * 65536; // bf16 spacing
    double below = a - loValue;
    double above = loValue + ulp - a;
    int pick = below < above || (below == above && (lo & 1) == 0) ? lo : lo + 1;
    return (short) ((sign >>> 16) | pick);
  }

  @Test
  void readsFloat16AndBfloat16AsFloat32AndUnalignedData() throws IOException {
    // F16 1.5 = 0x3E00, -2 = 0xC000; BF16 1.5 = 0x3FC0; the F32 tensor starts at an odd offset.
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
            + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[6,7]},"
            + "\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[7,15]}}";
    Path file =
        RawSafetensors.write(
            dir.resolve("mixed.safetensors"),
            header,
            concat(
                u16((short) 0x3E00, (short) 0xC000, (short) 0x3FC0),
                new byte[] {9},
                f32(0.1f, -7f)));
    try (Safetensors st = Safetensors.open(file)) {
      assertThat(st.load("h", m).toFloatArray()).containsExactly(1.5f, -2f);
      assertThat(st.load("b", m).toFloatArray()).containsExactly(1.5f);
      assertThat(st.load("u", m).getDataType()).isEqualTo(DataType.UINT8);
      assertThat(st.load("f", m).toFloatArray()).containsExactly(0.1f, -7f);
      assertThat(st.load("h", m, DataType.FLOAT16).getDataType()).isEqualTo(DataType.FLOAT16);
      assertThat(st.load("b", m, DataType.FLOAT64).toDoubleArray()).containsExactly(1.5);
      assertThatThrownBy(() -> st.load("b", m, DataType.BFLOAT16))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DJL's PyTorch engine supports");
    }
  }

  @Test
  void largeTensorsAreReadInBlocksOfRows() throws IOException {
    Random r = new Random(5);
    Map<String, NDArray> in = Map.of("w", randn(r, 37, 11), "v", randn(r, 5));
    Path file = dir.resolve("w.safetensors");
    SafetensorsWriter.float32().write(file, in);
    try (Safetensors st = Safetensors.open(file, 3 * 11 * 4 + 5)) {
      assertThat(st.load("w", m).toFloatArray()).containsExactly(in.get("w").toFloatArray());
      assertThat(st.load("v", m).toFloatArray()).containsExactly(in.get("v").toFloatArray());
    }
    Path bf16 = dir.resolve("w16.safetensors");
    SafetensorsWriter.bfloat16().write(bf16, in);
    try (Safetensors st = Safetensors.open(bf16, 3 * 11 * 2 + 5)) {
      float[] expected = in.get("w").toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        expected[i] = BFloat16.round(expected[i]);
      }
      assertThat(st.load("w", m).toFloatArray()).containsExactly(expected);
    }
    try (Safetensors st = Safetensors.open(file, 11 * 4 - 1)) {
      assertThatThrownBy(() -> st.load("w", m))
          .hasMessageContaining("w.safetensors")
          .hasMessageContaining("'w'")
          .hasMessageContaining("more than one mapping window");
    }
  }

  @Test
  void readsTensorsBeyondTwoGibibytesOfASparseFile() throws IOException {
    long pad = (1L << 31) + 8;
    String header =
        "{\"pad\":{\"dtype\":\"U8\",\"shape\":["
            + pad
            + "],\"data_offsets\":[0,"
            + pad
            + "]},\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":["
            + pad
            + ","
            + (pad + 12)
            + "]}}";
    header += " ".repeat((8 - header.length() % 8) % 8);
    Path file = dir.resolve("big.safetensors");
    RawSafetensors.write(file, header, new byte[0]);
    long dataStart = 8 + header.length();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(dataStart + pad + 12); // a hole: no disk used
      raf.seek(dataStart + pad);
      raf.write(f32(1f, 2f, -3f));
    }
    try (Safetensors st = Safetensors.open(file)) {
      assertThat(st.load("x", m).toFloatArray()).containsExactly(1f, 2f, -3f);
    }
  }

  @Test
  void corruptHeadersAreRejectedNamingFileAndTensor() throws IOException {
    String ok = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    assertRejected("{" + ok + "}", f32(1f), "'a'", "outside the data section", "truncated");
    assertRejected(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
        f32(1, 2),
        "'a'",
        "hold 8 bytes, but shape [3] of F32 needs 12");
    assertRejected(
        "{" + ok + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        f32(1, 2),
        "'a' [0, 8) and 'b' [4, 8) overlap");
    assertRejected(
        "{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        f32(1, 2),
        "'a'",
        "unknown dtype 'Q4'");
    assertRejected(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
        f32(1, 2),
        "'a'",
        "negative");
    assertRejected("{" + ok + "," + ok + "}", f32(1, 2), "not valid JSON", "Duplicate field 'a'");
    assertRejected("[1,2]", new byte[0], "not a JSON object");
    assertRejected("{\"__metadata__\":{\"n\":1}}", new byte[0], "__metadata__", "'n'");

    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Safetensors.open(tiny)).hasMessageContaining("tiny.safetensors");
    Path huge = dir.resolve("huge.safetensors");
    Files.write(huge, new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
    assertThatThrownBy(() -> Safetensors.open(huge))
        .hasMessageContaining("huge.safetensors")
        .hasMessageContaining("header length 255 does not fit a file of 10 bytes");
  }

  private void assertRejected(String header, byte[] data, String... fragments) throws IOException {
    Path file = RawSafetensors.write(dir.resolve("bad.safetensors"), header, data);
    assertThatThrownBy(() -> Safetensors.open(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContainingAll(fragments);
  }

  @Test
  void unknownNamesAndUnloadableTypesLeaveNothingBehind() throws IOException {
    Path file =
        RawSafetensors.write(
            dir.resolve("u16.safetensors"),
            "{\"q\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[0,2]}}",
            u16((short) 1));
    try (Safetensors st = Safetensors.open(file)) {
      assertThatThrownBy(() -> st.load("q", m))
          .hasMessageContaining("u16.safetensors")
          .hasMessageContaining("'q' has dtype U16");
      assertThatThrownBy(() -> st.load("nope", m))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("u16.safetensors: no tensor 'nope'");
    }
    assertThat(m.getManagedArrays()).isEmpty();
  }

  @Test
  void loadingCreatesOnlyTheReturnedArrays() throws IOException {
    Path file = dir.resolve("n.safetensors");
    SafetensorsWriter.bfloat16().write(file, sample(6));
    try (NDManager fresh = base.newSubManager();
        Safetensors st = Safetensors.open(file, 64)) {
      Map<String, NDArray> all = st.loadAll(fresh);
      assertThat(fresh.getManagedArrays()).hasSize(all.size());
    }
  }
}
