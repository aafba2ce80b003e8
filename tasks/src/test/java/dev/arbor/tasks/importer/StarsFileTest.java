package dev.arbor.tasks.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarsFileTest {

  @Test
  void csvAndTsvWithHeaderCommentsAndUrlForms(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("s.csv");
    Files.writeString(csv, "repo,stars\n# c\n\nDjango/Django,81234\n\"a/b\",\"7\",extra\n");
    StarsFile s = StarsFile.read(csv);
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.stars("django/django")).hasValue(81234);
    assertThat(s.stars("https://github.com/DJANGO/django.git")).hasValue(81234);
    assertThat(s.stars("a/b")).hasValue(7);
    assertThat(s.stars("c/d")).isEmpty();

    Path tsv = dir.resolve("s.tsv");
    Files.writeString(tsv, "psf/requests\t51000\npsf/requests\t51000\n");
    assertThat(StarsFile.read(tsv).stars("psf/requests")).hasValue(51000);
  }

  @Test
  void malformedFilesFailNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "a/b,1\nc/d,many\n");
    assertThatThrownBy(() -> StarsFile.read(f))
        .hasMessageContaining("bad.csv:2:")
        .hasMessageContaining("non-negative integer, got 'many'");
    Files.writeString(f, "a/b,1\na/b,2\n");
    assertThatThrownBy(() -> StarsFile.read(f))
        .hasMessageContaining("bad.csv:2: a/b has 2 stars here but 1 on line 1");
    Files.writeString(f, "justonecolumn\n");
    assertThatThrownBy(() -> StarsFile.read(f)).hasMessageContaining("bad.csv:1: expected");
    Files.writeString(f, "a/b,-3\n");
    assertThatThrownBy(() -> StarsFile.read(f)).hasMessageContaining("bad.csv:1:");
  }
}
