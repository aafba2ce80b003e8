package dev.arbor.tree.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tree.RandomTrajectories;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.PackedTree;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeArrowTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void noLeaks() {
    assertThat(allocator.getAllocatedMemory()).as("bytes still allocated").isZero();
    allocator.close(); // throws if any buffer or child allocator is still open
  }

  static List<TreeRecord> randomTrees(long seed, int trees) {
    Random random = new Random(seed);
    List<TreeRecord> out = new ArrayList<>();
    for (int i = 0; i < trees; i++) {
      PackedTree packed =
          PackedTree.of(
              TrajectoryTree.of(
                  RandomTrajectories.generate(random.nextLong(), 1 + random.nextInt(20), 5, 4)));
      double[] adv = random.doubles(packed.trajectoryCount(), -1, 1).toArray();
      if (i % 3 == 0) {
        Arrays.fill(adv, Double.NaN);
      }
      out.add(new TreeRecord("tree-" + i + "-ü😀", packed, adv));
    }
    return out;
  }

  @Test
  void streamRoundTripInSeveralBatches() throws Exception {
    List<TreeRecord> first = randomTrees(1, 7);
    List<TreeRecord> second = randomTrees(2, 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TreeArrowWriter writer = TreeArrowWriter.stream(out, allocator)) {
      writer.write(first);
      writer.write(second);
      writer.write(List.of());
      assertThat(writer.batches()).isEqualTo(3);
    }
    List<TreeRecord> back = TreeArrow.fromBytes(out.toByteArray(), "memory", allocator);
    List<TreeRecord> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(back).isEqualTo(all);
    for (int i = 0; i < all.size(); i++) {
      assertThat(back.get(i).tree().toTree().trajectories())
          .isEqualTo(all.get(i).tree().toTree().trajectories());
    }
  }

  @Test
  void fileRoundTripAndFormatDetection(@TempDir Path dir) throws Exception {
    List<TreeRecord> trees = randomTrees(3, 5);
    Path file = dir.resolve("trees.arrow");
    try (TreeArrowWriter writer = TreeArrowWriter.file(file, allocator)) {
      writer.write(trees.subList(0, 2));
      writer.write(trees.subList(2, 5));
    }
    assertThat(TreeArrow.readFile(file, allocator)).isEqualTo(trees);
    Path stream = dir.resolve("trees.arrows");
    Files.write(stream, TreeArrow.toStreamBytes(trees));
    assertThat(TreeArrow.readFile(stream, allocator)).isEqualTo(trees);
    assertThat(TreeArrow.fromBytes(Files.readAllBytes(file), "bytes", allocator)).isEqualTo(trees);
  }

  @Test
  void truncatedInputFailsWithAClearErrorAndLeaksNothing(@TempDir Path dir) throws Exception {
    byte[] bytes = TreeArrow.toStreamBytes(randomTrees(4, 4));
    for (int cut : new int[] {0, 3, 8, 100, bytes.length / 2, bytes.length - 9}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> TreeArrow.fromBytes(truncated, "cut-at-" + cut, allocator))
          .isInstanceOf(TreeFormatException.class)
          .hasMessageStartingWith("cut-at-" + cut + ": ");
    }
    Path file = dir.resolve("half.arrow");
    Path full = dir.resolve("full.arrow");
    TreeArrow.writeFile(full, randomTrees(5, 3));
    byte[] fileBytes = Files.readAllBytes(full);
    Files.write(file, Arrays.copyOf(fileBytes, fileBytes.length / 2));
    assertThatThrownBy(() -> TreeArrow.readFile(file, allocator))
        .isInstanceOf(TreeFormatException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void corruptBytesNeverPassSilently() {
    byte[] bytes = TreeArrow.toStreamBytes(randomTrees(6, 3));
    Random random = new Random(7);
    int failures = 0;
    for (int trial = 0; trial < 300; trial++) {
      byte[] corrupt = bytes.clone();
      for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
        int at = random.nextInt(corrupt.length);
        corrupt[at] = (byte) random.nextInt(256);
      }
      try {
        List<TreeRecord> trees = TreeArrow.fromBytes(corrupt, "corrupt", allocator);
        // A flip in a value (a token id, a log-prob) is not detectable, but what was read must
        // still be a consistent tree.
        for (TreeRecord t : trees) {
          t.tree().toTree().trajectories();
        }
      } catch (TreeFormatException e) {
        assertThat(e).hasMessageStartingWith("corrupt: ");
        failures++;
      }
    }
    assertThat(failures).isPositive();
  }

  @Test
  void otherArrowDataIsRejectedByName() throws Exception {
    Schema other = new Schema(List.of(), java.util.Map.of("x", "y"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(other, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.end();
    }
    assertThatThrownBy(() -> TreeArrow.fromBytes(out.toByteArray(), "other.arrows", allocator))
        .isInstanceOf(TreeFormatException.class)
        .hasMessage(
            "other.arrows: not an Arbor tree batch (schema metadata arbor.schema is missing)");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> TreeArrow.readFile(dir.resolve("nope.arrow"), allocator))
        .hasMessageContaining("nope.arrow");
  }
}
