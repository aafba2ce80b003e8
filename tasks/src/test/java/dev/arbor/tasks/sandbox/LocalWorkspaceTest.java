package dev.arbor.tasks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tasks.sandbox.Workspace.EntryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path confinement of the file tools, in every isolation mode (it is plain Java on the host): no
 * absolute paths, no {@code ..}, no symbolic link out, for reads, writes, deletes and listings. The
 * host side is checked after each attack.
 */
class LocalWorkspaceTest {
  @TempDir Path tmp;
  private Path root;
  private Path outside;
  private LocalWorkspace ws;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("work"));
    outside = Files.createDirectories(tmp.resolve("host"));
    Files.writeString(outside.resolve("secret.txt"), "host secret\n");
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/a.py"), "a = 1\n");
    ws = LocalWorkspace.of(root);
  }

  @Test
  void readsWritesAndListsInside() throws Exception {
    assertThat(new String(ws.read("src/a.py"), StandardCharsets.UTF_8)).isEqualTo("a = 1\n");
    assertThat(new String(ws.read("./src//a.py"), StandardCharsets.UTF_8)).isEqualTo("a = 1\n");
    ws.write("new/deep/b.txt", "b\n".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("new/deep/b.txt")).hasContent("b");
    assertThat(ws.typeOf("new")).isEqualTo(EntryType.DIRECTORY);
    assertThat(ws.typeOf("missing")).isEqualTo(EntryType.MISSING);
    Workspace.Listing l = ws.list(".", 3, 100);
    assertThat(l.entries().stream().map(Workspace.Entry::path))
        .containsExactly("new", "new/deep", "new/deep/b.txt", "src", "src/a.py");
    Workspace.Listing capped = ws.list(".", 3, 2);
    assertThat(capped.entries()).hasSize(2);
    assertThat(capped.omitted()).isEqualTo(3);
    ws.delete("new/deep/b.txt");
    assertThat(root.resolve("new/deep/b.txt")).doesNotExist();
  }

  @Test
  void writeKeepsTheModeOfAnExistingFile() throws Exception {
    Path script = root.resolve("run.sh");
    Files.writeString(script, "old");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    ws.write("run.sh", "new".getBytes(StandardCharsets.UTF_8));
    assertThat(script).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
        .isEqualTo("rwxr-x---");
    try (var s = Files.list(root)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".arbor"));
    }
  }

  @Test
  void absolutePathsAndDotDotAreRefusedWithAHint() {
    assertThatThrownBy(() -> ws.read("/etc/passwd"))
        .isInstanceOf(PathNotAllowedException.class)
        .hasMessageContaining("absolute path '/etc/passwd' is not allowed");
    assertThatThrownBy(() -> ws.read(root.resolve("src/a.py").toString()))
        .hasMessageContaining("(use 'src/a.py')");
    assertThatThrownBy(() -> ws.read("../host/secret.txt"))
        .isInstanceOf(PathNotAllowedException.class)
        .hasMessageContaining("'..' is not allowed");
    assertThatThrownBy(() -> ws.read("src/../../host/secret.txt"))
        .isInstanceOf(PathNotAllowedException.class);
    assertThatThrownBy(() -> ws.write("src/../x", new byte[0]))
        .isInstanceOf(PathNotAllowedException.class);
    assertThatThrownBy(() -> ws.read("")).hasMessageContaining("empty path");
    assertThatThrownBy(() -> ws.read("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> ws.read("nope.txt"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope.txt");
  }

  @Test
  void symlinkEscapesAreRefusedForReadWriteDeleteAndList() throws Exception {
    Files.createSymbolicLink(root.resolve("evil"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("evildir"), outside);
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("created-by-attack"));
    Files.createSymbolicLink(root.resolve("relative"), Path.of("../host/secret.txt"));

    for (String p : new String[] {"evil", "evildir/secret.txt", "relative"}) {
      assertThatThrownBy(() -> ws.read(p))
          .as(p)
          .isInstanceOf(PathNotAllowedException.class)
          .hasMessageContaining("outside the working copy");
    }
    for (String p :
        new String[] {"evil", "evildir/secret.txt", "evildir/new.txt", "dangling", "relative"}) {
      assertThatThrownBy(() -> ws.write(p, "pwned".getBytes(StandardCharsets.UTF_8)))
          .as(p)
          .isInstanceOf(PathNotAllowedException.class);
    }
    assertThatThrownBy(() -> ws.delete("evildir/secret.txt"))
        .isInstanceOf(PathNotAllowedException.class);
    assertThatThrownBy(() -> ws.list("evildir", 1, 10)).isInstanceOf(PathNotAllowedException.class);
    // Deleting the link itself is fine: it is inside.
    ws.delete("evil");

    // The host is unchanged.
    assertThat(outside.resolve("secret.txt")).hasContent("host secret");
    assertThat(outside.resolve("created-by-attack")).doesNotExist();
    assertThat(outside.resolve("new.txt")).doesNotExist();
  }

  @Test
  void linksThatStayInsideAreFollowed() throws Exception {
    Files.createSymbolicLink(root.resolve("alias.py"), Path.of("src/a.py"));
    Files.createSymbolicLink(root.resolve("srcdir"), Path.of("src"));
    Files.createSymbolicLink(root.resolve("todo"), Path.of("src/todo.txt"));
    assertThat(ws.read("alias.py")).isEqualTo("a = 1\n".getBytes(StandardCharsets.UTF_8));
    ws.write("alias.py", "a = 2\n".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("src/a.py")).hasContent("a = 2");
    assertThat(Files.isSymbolicLink(root.resolve("alias.py"))).isTrue();
    ws.write("srcdir/c.py", "c\n".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("src/c.py")).hasContent("c");
    ws.write("todo", "t\n".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("src/todo.txt")).hasContent("t");
    assertThat(ws.list(".", 1, 10).entries())
        .anySatisfy(
            e -> {
              assertThat(e.path()).isEqualTo("alias.py");
              assertThat(e.type()).isEqualTo(EntryType.SYMLINK);
              assertThat(e.linkTarget()).isEqualTo("src/a.py");
            });
  }

  @Test
  void aHardLinkToAHostFileIsReplacedNotWrittenThrough() throws Exception {
    // Same file system (both under @TempDir): a command without bubblewrap could make this link.
    Files.createLink(root.resolve("hard.txt"), outside.resolve("secret.txt"));
    ws.write("hard.txt", "replaced".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("hard.txt")).hasContent("replaced");
    assertThat(outside.resolve("secret.txt")).hasContent("host secret");
  }
}
