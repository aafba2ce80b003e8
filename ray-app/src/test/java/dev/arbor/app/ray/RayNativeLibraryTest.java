package dev.arbor.app.ray;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RayNativeLibraryTest {

  private static final String DRIVER_COPY =
      "7f1c2a000000-7f1c2b000000 r-xp 00000000 fd:00 123 "
          + "/tmp/ray/1795459376228/libcore_worker_library_java.so";
  private static final String SESSION_COPY =
      "7f1c2a000000-7f1c2b000000 r-xp 00000000 fd:00 124 "
          + "/work/target/ray/session_2026-11-23_18-40-58_764818_7491/libcore_worker_library_java.so";

  @Test
  void findsTheDriversExtractedCopy() {
    List<String> maps =
        List.of(
            "55d0c0000000-55d0c0001000 r--p 00000000 fd:00 1 /usr/lib/jvm/bin/java",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]",
            SESSION_COPY,
            DRIVER_COPY);
    assertThat(RayNativeLibrary.findExtractedCopy(maps))
        .contains(Path.of("/tmp/ray/1795459376228/libcore_worker_library_java.so"));
  }

  @Test
  void leavesCopiesOutsideAnExtractionFolderAlone() {
    assertThat(RayNativeLibrary.findExtractedCopy(List.of(SESSION_COPY))).isEmpty();
    assertThat(RayNativeLibrary.findExtractedCopy(List.of("00-01 r--p 0 0:0 0 "))).isEmpty();
  }

  @Test
  void thisJvmHasNoRayLibrary() {
    assertThat(RayNativeLibrary.loadedCopy()).isEmpty();
  }
}
