package dev.arbor.tasks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

  private static OutputCapture capture(int cap, byte[] data, int chunk) {
    OutputCapture c = new OutputCapture(cap);
    for (int i = 0; i < data.length; i += chunk) {
      c.write(data, i, Math.min(chunk, data.length - i));
    }
    return c;
  }

  /** Reference: head half and tail half of the whole stream. */
  @Property(tries = 300)
  void keepsExactlyHeadAndTail(
      @ForAll @IntRange(min = 0, max = 5000) int size,
      @ForAll @IntRange(min = 256, max = 1200) int cap,
      @ForAll @IntRange(min = 1, max = 700) int chunk,
      @ForAll @IntRange(min = 256, max = 1200) int budgetWanted) {
    int budget = Math.min(budgetWanted, cap);
    byte[] data = new byte[size];
    new Random(size * 31L + cap).nextBytes(data);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + (data[i] & 15)); // ASCII: no boundary adjustment
    }
    OutputCapture.Rendered r = capture(cap, data, chunk).render(budget, "stdout");
    String all = new String(data, StandardCharsets.US_ASCII);
    if (size <= budget) {
      assertThat(r.text()).isEqualTo(all);
      assertThat(r.droppedBytes()).isZero();
    } else {
      int h = budget / 2;
      int t = budget - h;
      assertThat(r.text())
          .startsWith(all.substring(0, h))
          .endsWith(all.substring(size - t))
          .contains("[... arbor: " + (size - budget) + " bytes of stdout truncated ...]");
      assertThat(r.droppedBytes()).isEqualTo(size - budget);
    }
  }

  @Test
  void cutsOnCharacterBoundaries() {
    byte[] data =
        "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"
            .repeat(20)
            .getBytes(StandardCharsets.UTF_8);
    OutputCapture.Rendered r = capture(257, data, 7).render(257, "stderr");
    assertThat(r.text()).doesNotContain("\uFFFD").contains("bytes of stderr truncated");
    assertThat(r.droppedBytes()).isEqualTo(data.length - 256);
  }

  @Test
  void aSmallStreamLeavesTheRestOfTheCapToTheOther() {
    OutputCapture big = capture(1000, new byte[5000], 100);
    OutputCapture small = capture(1000, new byte[100], 100);
    assertThat(OutputCapture.split(big, small, 1000)).containsExactly(900, 100);
    assertThat(OutputCapture.split(small, big, 1000)).containsExactly(100, 900);
    assertThat(OutputCapture.split(big, big, 1000)).containsExactly(500, 500);
    assertThat(OutputCapture.split(small, small, 1000)).containsExactly(100, 100);
  }
}
