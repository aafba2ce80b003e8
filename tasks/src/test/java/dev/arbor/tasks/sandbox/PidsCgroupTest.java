package dev.arbor.tasks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the pids controller from /proc files (samples of real machines). */
class PidsCgroupTest {
  @TempDir Path tmp;

  @Test
  void cgroupV1PidsHierarchy() throws Exception {
    Path mountinfo =
        write(
            "mountinfo",
            "30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
                + "38 30 0:34 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
                + "36 30 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
    Path cgroup = write("cgroup", "8:pids:/user.slice\n4:memory:/x\n0::/\n");
    Optional<PidsCgroup.Hierarchy> h = PidsCgroup.Hierarchy.find(mountinfo, cgroup);
    assertThat(h).isPresent();
    assertThat(h.get().v2()).isFalse();
    assertThat(h.get().ownDir()).isEqualTo(Path.of("/sys/fs/cgroup/pids/user.slice"));
  }

  @Test
  void cgroupV2WithThePidsController() throws Exception {
    Path fs = Files.createDirectories(tmp.resolve("cg2/job"));
    Files.writeString(fs.resolve("cgroup.controllers"), "cpu io memory pids\n");
    Path mountinfo =
        write("mountinfo", "29 23 0:26 / " + tmp.resolve("cg2") + " rw - cgroup2 cgroup2 rw\n");
    Path cgroup = write("cgroup", "0::/job\n");
    Optional<PidsCgroup.Hierarchy> h = PidsCgroup.Hierarchy.find(mountinfo, cgroup);
    assertThat(h).isPresent();
    assertThat(h.get().v2()).isTrue();
    assertThat(h.get().ownDir()).isEqualTo(fs);
  }

  @Test
  void cgroupV2WithoutThePidsControllerIsNotUsed() throws Exception {
    Path fs = Files.createDirectories(tmp.resolve("cg2"));
    Files.writeString(fs.resolve("cgroup.controllers"), "cpu memory\n");
    Path mountinfo = write("mountinfo", "29 23 0:26 / " + fs + " rw - cgroup2 cgroup2 rw\n");
    assertThat(PidsCgroup.Hierarchy.find(mountinfo, write("cgroup", "0::/\n"))).isEmpty();
  }

  @Test
  void aCgroupNamespaceRootIsStripped() {
    PidsCgroup.Hierarchy h =
        new PidsCgroup.Hierarchy(Path.of("/sys/fs/cgroup"), "/docker/abc", "/docker/abc/job", true);
    assertThat(h.ownDir()).isEqualTo(Path.of("/sys/fs/cgroup/job"));
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(tmp.resolve(name), content);
  }
}
