package dev.arbor.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  @Test
  void readsGitDiffsWithSeveralFilesCreatedFilesAndNoNewlineMarkers() {
    String patch =
        String.join(
            "\n",
            "diff --git a/src/a.py b/src/a.py",
            "index 1111111..2222222 100644",
            "--- a/src/a.py",
            "+++ b/src/a.py",
            "@@ -1,3 +1,3 @@",
            " def f():",
            "--- old comment that looks like a header",
            "+    return 2",
            " # end",
            "\\ No newline at end of file",
            "diff --git a/new.txt b/new.txt",
            "new file mode 100644",
            "--- /dev/null",
            "+++ b/new.txt",
            "@@ -0,0 +1 @@",
            "+hello",
            "");
    UnifiedDiff d = UnifiedDiff.parse(patch);
    assertThat(d.paths()).containsExactly("src/a.py", "new.txt");
    assertThat(d.files().get(0).changes())
        .containsExactly(
            new UnifiedDiff.Line('-', "-- old comment that looks like a header"),
            new UnifiedDiff.Line('+', "    return 2"));
    assertThat(d.files().get(1).oldPath()).isEmpty();
    assertThat(d.files().get(1).changes()).containsExactly(new UnifiedDiff.Line('+', "hello"));
  }

  @Test
  void plainDiffUWithTimestampsAndCrlfContent() {
    String patch =
        "--- a.txt\t2024-01-01 10:00:00\n+++ a.txt\t2024-01-02 10:00:00\n"
            + "@@ -1,2 +1,2 @@\n-one\r\n+uno\r\n two\r\n";
    UnifiedDiff d = UnifiedDiff.parse(patch);
    assertThat(d.paths()).containsExactly("a.txt");
    assertThat(d.files().get(0).changes())
        .containsExactly(new UnifiedDiff.Line('-', "one\r"), new UnifiedDiff.Line('+', "uno\r"));
  }

  @Test
  void deletedFileKeepsItsOldPath() {
    UnifiedDiff d = UnifiedDiff.parse("--- a/gone.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n-y\n");
    assertThat(d.paths()).containsExactly("gone.txt");
    assertThat(d.files().get(0).newPath()).isEmpty();
  }

  @Test
  void malformedDiffsNameTheLine() {
    assertThatThrownBy(() -> UnifiedDiff.parse("just some text\n"))
        .hasMessageContaining("not a unified diff");
    assertThatThrownBy(() -> UnifiedDiff.parse("--- a/x\n@@ -1 +1 @@\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'+++");
    assertThatThrownBy(() -> UnifiedDiff.parse("--- a/x\n+++ b/x\n-y\n"))
        .hasMessageContaining("hunk header");
    assertThatThrownBy(() -> UnifiedDiff.parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n x\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("diff ends");
    assertThatThrownBy(() -> UnifiedDiff.parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n?x\n"))
        .hasMessageContaining("line 4")
        .hasMessageContaining("unexpected line");
    assertThatThrownBy(() -> UnifiedDiff.parse("--- a/x\n+++ b/x\n@@ bad @@\n"))
        .hasMessageContaining("bad hunk header");
  }

  @Test
  void pathsOfMultipleHunks() {
    UnifiedDiff d =
        UnifiedDiff.parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n@@ -10,2 +10,3 @@\n c\n+d\n e\n");
    assertThat(d.files()).hasSize(1);
    assertThat(d.files().get(0).changes())
        .extracting(UnifiedDiff.Line::text)
        .isEqualTo(List.of("a", "b", "d"));
  }
}
