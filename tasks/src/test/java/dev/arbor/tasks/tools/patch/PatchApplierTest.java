package dev.arbor.tasks.tools.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tasks.sandbox.LocalWorkspace;
import dev.arbor.tasks.sandbox.PathNotAllowedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchApplierTest {
  @TempDir Path tmp;
  private Path root;
  private LocalWorkspace ws;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("work"));
    ws = LocalWorkspace.of(root);
  }

  private void file(String path, String content) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  private String read(String path) throws Exception {
    return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
  }

  @Test
  void multiFileGitPatchWithNewAndDeletedFiles() throws Exception {
    file("src/calc.py", "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n");
    file("old.txt", "gone\n");
    String patch =
        "From 1234 Mon Sep 17 00:00:00 2001\nSubject: fix add\n\n"
            + "diff --git a/src/calc.py b/src/calc.py\n"
            + "index 111..222 100644\n"
            + "--- a/src/calc.py\n"
            + "+++ b/src/calc.py\n"
            + "@@ -1,2 +1,2 @@\n"
            + " def add(a, b):\n"
            + "-    return a - b\n"
            + "+    return a + b\n"
            + "diff --git a/new/util.py b/new/util.py\n"
            + "new file mode 100644\n"
            + "--- /dev/null\n"
            + "+++ b/new/util.py\n"
            + "@@ -0,0 +1,2 @@\n"
            + "+X = 1\n"
            + "+Y = 2\n"
            + "diff --git a/old.txt b/old.txt\n"
            + "deleted file mode 100644\n"
            + "--- a/old.txt\n"
            + "+++ /dev/null\n"
            + "@@ -1 +0,0 @@\n"
            + "-gone\n";
    PatchApplier.Summary s = PatchApplier.apply(patch, ws);
    assertThat(s.modified()).containsExactly("src/calc.py");
    assertThat(s.created()).containsExactly("new/util.py");
    assertThat(s.deleted()).containsExactly("old.txt");
    assertThat(read("src/calc.py"))
        .startsWith("def add(a, b):\n    return a + b\n")
        .endsWith("return a - b\n");
    assertThat(read("new/util.py")).isEqualTo("X = 1\nY = 2\n");
    assertThat(root.resolve("old.txt")).doesNotExist();
  }

  @Test
  void crlfIsKeptVerbatimAndMustMatch() throws Exception {
    file("win.txt", "one\r\ntwo\r\nthree\r\n");
    PatchApplier.apply(
        "--- a/win.txt\n+++ b/win.txt\n@@ -1,3 +1,3 @@\n one\r\n-two\r\n+TWO\r\n three\r\n", ws);
    assertThat(read("win.txt")).isEqualTo("one\r\nTWO\r\nthree\r\n");
    // A patch written with LF context does not match CRLF lines: exact, no fuzz.
    assertThatThrownBy(
            () -> PatchApplier.apply("--- a/win.txt\n+++ b/win.txt\n@@ -1 +1 @@\n-one\n+ONE\n", ws))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("expects 'one' but the file has 'one\\r'");
    assertThat(read("win.txt")).isEqualTo("one\r\nTWO\r\nthree\r\n");
  }

  @Test
  void offsetsAreFoundButContextMustMatchExactly() throws Exception {
    file("a.txt", "x\ny\nhead\nkeep\nold\ntail\n");
    // The header says line 1; the context is at line 3: found nearby, like git apply.
    PatchApplier.apply("--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n keep\n-old\n+new\n tail\n", ws);
    assertThat(read("a.txt")).isEqualTo("x\ny\nhead\nkeep\nnew\ntail\n");
    assertThatThrownBy(
            () ->
                PatchApplier.apply(
                    "--- a/a.txt\n+++ b/a.txt\n@@ -4,2 +4,2 @@\n keep \n-new\n+newer\n", ws))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("hunk 1 of 1 of 'a.txt'")
        .hasMessageContaining("expects 'keep ' but the file has 'keep'");
  }

  @Test
  void miscountedHunkHeadersAreRecounted() throws Exception {
    file("a.txt", "1\n2\n3\n");
    PatchApplier.apply("--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n 1\n-2\n+two\n+2.5\n 3\n", ws);
    assertThat(read("a.txt")).isEqualTo("1\ntwo\n2.5\n3\n");
  }

  @Test
  void noNewlineAtEndOfFile() throws Exception {
    file("n.txt", "a\nb");
    PatchApplier.apply(
        "--- a/n.txt\n+++ b/n.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n",
        ws);
    assertThat(read("n.txt")).isEqualTo("a\nc\n");
  }

  @Test
  void allOrNothing() throws Exception {
    file("a.txt", "a\n");
    file("b.txt", "b\n");
    String patch =
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+A\n"
            + "--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-not b\n+B\n";
    assertThatThrownBy(() -> PatchApplier.apply(patch, ws)).hasMessageContaining("'b.txt'");
    assertThat(read("a.txt")).isEqualTo("a\n");
  }

  @Test
  void creatingAnExistingFileOrPatchingAMissingOneFails() throws Exception {
    file("a.txt", "a\n");
    assertThatThrownBy(
            () -> PatchApplier.apply("--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+x\n", ws))
        .hasMessageContaining("cannot create 'a.txt': it already exists");
    assertThatThrownBy(
            () -> PatchApplier.apply("--- a/zz.txt\n+++ b/zz.txt\n@@ -1 +1 @@\n-a\n+b\n", ws))
        .hasMessageContaining("cannot patch 'zz.txt': no such file");
    assertThatThrownBy(() -> PatchApplier.apply("just some text\n", ws))
        .hasMessageContaining("no file changes found");
    assertThatThrownBy(
            () ->
                PatchApplier.apply("diff --git a/x.bin b/x.bin\nGIT binary patch\nliteral 3\n", ws))
        .hasMessageContaining("binary");
  }

  @Test
  void pathsOutsideTheWorkingCopyAreRefused() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("host"));
    Files.writeString(outside.resolve("secret.txt"), "host\n");
    Files.createSymbolicLink(root.resolve("link"), outside);
    String dotdot =
        "--- a/../host/secret.txt\n+++ b/../host/secret.txt\n@@ -1 +1 @@\n-host\n+pwned\n";
    assertThatThrownBy(() -> PatchApplier.apply(dotdot, ws))
        .isInstanceOf(PathNotAllowedException.class)
        .hasMessageContaining("'..' is not allowed");
    String viaLink = "--- a/link/secret.txt\n+++ b/link/secret.txt\n@@ -1 +1 @@\n-host\n+pwned\n";
    assertThatThrownBy(() -> PatchApplier.apply(viaLink, ws))
        .isInstanceOf(PathNotAllowedException.class)
        .hasMessageContaining("outside the working copy");
    String created = "--- /dev/null\n+++ b/link/new.txt\n@@ -0,0 +1 @@\n+pwned\n";
    assertThatThrownBy(() -> PatchApplier.apply(created, ws))
        .isInstanceOf(PathNotAllowedException.class);
    String absolute = "--- /dev/null\n+++ /tmp/arbor-pwned.txt\n@@ -0,0 +1 @@\n+pwned\n";
    assertThatThrownBy(() -> PatchApplier.apply(absolute, ws))
        .hasMessageContaining("absolute path");
    assertThat(outside.resolve("secret.txt")).hasContent("host");
    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(Path.of("/tmp/arbor-pwned.txt")).doesNotExist();
  }

  @Test
  void renamesAndQuotedNames() throws Exception {
    file("old name.txt", "a\nb\n");
    String patch =
        "diff --git \"a/old name.txt\" \"b/new \\303\\251.txt\"\n"
            + "similarity index 50%\n"
            + "rename from old name.txt\n"
            + "rename to new é.txt\n"
            + "--- \"a/old name.txt\"\n"
            + "+++ \"b/new \\303\\251.txt\"\n"
            + "@@ -1,2 +1,2 @@\n a\n-b\n+B\n";
    PatchApplier.apply(patch, ws);
    assertThat(root.resolve("old name.txt")).doesNotExist();
    assertThat(read("new é.txt")).isEqualTo("a\nB\n");
  }

  /** Reference: whatever `git diff` produces between two states, the applier reproduces. */
  @Test
  void appliesWhatGitDiffProduces() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 300; i++) {
      String line = "line " + i + (rnd.nextInt(10) == 0 ? "\r" : "") + " é\n";
      before.append(line);
      int r = rnd.nextInt(20);
      if (r == 0) {
        continue; // deleted
      }
      after.append(r == 1 ? "changed " + i + "\n" : line);
      if (r == 2) {
        after.append("inserted after " + i + "\n");
      }
    }
    Files.writeString(repo.resolve("f.txt"), before);
    Files.writeString(repo.resolve("gone.txt"), "bye\n");
    Files.writeString(copy.resolve("f.txt"), before);
    Files.writeString(copy.resolve("gone.txt"), "bye\n");
    git(
        repo,
        "git init -q . && git add -A && git -c user.email=t@e -c user.name=t commit -qm base");
    Files.writeString(repo.resolve("f.txt"), after);
    Files.writeString(repo.resolve("added.txt"), "new\n");
    Files.delete(repo.resolve("gone.txt"));
    String diff = git(repo, "git add -A && git diff --cached --no-color");
    assertThat(diff).contains("@@").contains("new file mode").contains("deleted file mode");
    PatchApplier.apply(diff, LocalWorkspace.of(copy));
    assertThat(Files.readString(copy.resolve("f.txt"))).isEqualTo(after.toString());
    assertThat(copy.resolve("added.txt")).hasContent("new");
    assertThat(copy.resolve("gone.txt")).doesNotExist();
  }

  private static String git(Path dir, String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(script).isZero();
    return out;
  }
}
