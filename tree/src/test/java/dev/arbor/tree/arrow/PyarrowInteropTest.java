package dev.arbor.tree.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by Arbor reads cleanly with pyarrow, and a consumer that follows the documented
 * schema derives the same trees. Tagged {@code interop}: it needs a Python with pyarrow, given as
 * {@code -Darbor.python=...}; {@code .ci/run} installs one into a venv and runs this test. Without
 * pyarrow it fails (it does not skip).
 */
@Tag("interop")
class PyarrowInteropTest {

  @Test
  void pyarrowReadsBothFormatsAndRebuildsEveryTrajectory(@TempDir Path dir) throws Exception {
    SyntheticWorkload w = SyntheticWorkload.small(11);
    List<TreeRecord> trees = new ArrayList<>();
    for (int t = 0; t < w.tasks(); t++) {
      trees.add(TreeRecord.of("task-" + t + "-ü", PackedTree.of(TrajectoryTree.of(w.group(t)))));
    }
    Path file = dir.resolve("trees.arrow");
    TreeArrow.writeFile(file, trees);
    Path stream = dir.resolve("trees.arrows");
    Files.write(stream, TreeArrow.toStreamBytes(trees));

    for (Path p : List.of(file, stream)) {
      String json = runPython(p);
      assertThat(json)
          .contains("\"schema\": \"arbor.trajectory_tree\"")
          .contains("\"version\": \"1\"");
      for (TreeRecord rec : trees) {
        PackedTree t = rec.tree();
        String tree = treeJson(json, rec.treeId());
        assertThat(tree).contains("\"packed_tokens\": " + t.tokenCount());
        assertThat(tree).contains("\"flat_tokens\": " + t.flatTokenCount());
        List<Integer> trainable = new ArrayList<>();
        StringBuilder tokens = new StringBuilder();
        for (int k = 0; k < t.trajectoryCount(); k++) {
          FlatSequence flat = FlatSequence.of(t, k);
          trainable.add(flat.trainableCount());
          tokens.append(k == 0 ? "" : ", ").append(Arrays.toString(flat.tokenIds()));
        }
        assertThat(tree).contains("\"trainable_tokens\": " + trainable);
        assertThat(tree).contains("\"trajectory_tokens\": [" + tokens + "]");
        int segments = 0;
        for (Trajectory tr : rec.tree().toTree().trajectories()) {
          segments += tr.segments().size();
        }
        assertThat(tree).contains("\"segments\": " + segments);
      }
    }
  }

  private static String treeJson(String json, String treeId) {
    Matcher m =
        Pattern.compile("\\{\"tree_id\": \"" + Pattern.quote(jsonEscape(treeId)) + "\"[^{}]*\\}")
            .matcher(json);
    assertThat(m.find()).as("tree %s in pyarrow output", treeId).isTrue();
    return m.group();
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c < 128 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }

  private static String runPython(Path file) throws IOException, InterruptedException {
    String python = System.getProperty("arbor.python", "python3");
    Path script = findScript();
    Process p =
        new ProcessBuilder(python, script.toString(), file.toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
    assertThat(p.exitValue())
        .as(
            "%s %s failed (needs pyarrow: pip install pyarrow, then -Darbor.python=...):%n%s",
            python, script, new String(err, StandardCharsets.UTF_8))
        .isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static Path findScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("scripts/arrow_interop.py");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("scripts/arrow_interop.py not found above the working dir");
  }
}
