package dev.arbor.tasks.tools.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The arithmetic suite's answer text: {@link Rational#parseAnswer}, {@link Rational#toFraction}.
 */
class RationalAnswerTest {

  @Test
  void parsesIntegersDecimalsAndFractionsToLowestTerms() {
    assertThat(Rational.parseAnswer("54")).isEqualTo(Rational.of(54));
    assertThat(Rational.parseAnswer(" +54 ")).isEqualTo(Rational.of(54));
    assertThat(Rational.parseAnswer("54.0")).isEqualTo(Rational.of(54));
    assertThat(Rational.parseAnswer("108/2")).isEqualTo(Rational.of(54));
    assertThat(Rational.parseAnswer("-14 / 6")).isEqualTo(Rational.of(-7, 3));
    assertThat(Rational.parseAnswer("14/-6")).isEqualTo(Rational.of(-7, 3));
    assertThat(Rational.parseAnswer("2.50")).isEqualTo(Rational.of(5, 2));
    assertThat(Rational.parseAnswer("-0.125")).isEqualTo(Rational.of(-1, 8));
    assertThat(Rational.parseAnswer("007")).isEqualTo(Rational.of(7));
  }

  @Test
  void rejectsWhatIsNotANumberWithAMessage() {
    for (String bad : new String[] {"", "  ", "abc", "5 apples", "1e3", "1/0", "1.2.3", "--5"}) {
      assertThatThrownBy(() -> Rational.parseAnswer(bad))
          .as(bad)
          .isInstanceOf(NumberFormatException.class)
          .hasMessageNotContaining("null");
    }
    assertThatThrownBy(() -> Rational.parseAnswer("1".repeat(201)))
        .hasMessageContaining("longer than");
  }

  @Test
  void arithmeticIsExactAndPrintsCanonically() {
    Rational third = Rational.of(1, 3);
    assertThat(third.add(third).add(third)).isEqualTo(Rational.of(1));
    assertThat(Rational.of(7).divide(Rational.of(3)).toFraction()).isEqualTo("7/3");
    assertThat(Rational.of(-6, 4).toFraction()).isEqualTo("-3/2");
    assertThat(Rational.of(6, -3).toFraction()).isEqualTo("-2");
    assertThat(Rational.of(1, 2).compareTo(Rational.of(2, 3))).isNegative();
    assertThatThrownBy(() -> Rational.of(1).divide(Rational.ZERO))
        .isInstanceOf(ArithmeticException.class);
  }
}
