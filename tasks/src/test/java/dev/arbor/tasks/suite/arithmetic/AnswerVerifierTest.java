package dev.arbor.tasks.suite.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.TaskSpec;
import org.junit.jupiter.api.Test;

class AnswerVerifierTest {
  private static final TaskSpec TASK =
      TaskSpec.newBuilder().setId("t1").setReferenceAnswer("54").build();

  @Test
  void equalRationalsAreCorrect() {
    for (String ok : new String[] {"54", " 54 ", "+54", "54.0", "108/2", "54.000"}) {
      AnswerVerifier.Verdict v = AnswerVerifier.verify(TASK, ok);
      assertThat(v.correct()).as(ok).isTrue();
      assertThat(v.score()).isEqualTo(1.0);
      assertThat(v.parsed()).isEqualTo("54");
    }
    TaskSpec frac = TaskSpec.newBuilder().setId("t2").setReferenceAnswer("7/3").build();
    assertThat(AnswerVerifier.verify(frac, "14/6").correct()).isTrue();
    assertThat(AnswerVerifier.verify(frac, "2.3333").correct()).isFalse();
  }

  @Test
  void wrongOrUnparsableAnswersScoreZeroWithAReason() {
    AnswerVerifier.Verdict wrong = AnswerVerifier.verify(TASK, "54.01");
    assertThat(wrong.correct()).isFalse();
    assertThat(wrong.score()).isZero();
    assertThat(wrong.detail()).contains("expected 54");
    for (String bad : new String[] {"", "about 54", "54 apples", "fifty-four"}) {
      AnswerVerifier.Verdict v = AnswerVerifier.verify(TASK, bad);
      assertThat(v.correct()).as(bad).isFalse();
      assertThat(v.detail()).startsWith("unparsable answer");
    }
    assertThat(AnswerVerifier.verify(TASK, null).correct()).isFalse();
  }

  @Test
  void aTaskWithoutAReferenceIsABrokenTaskNotAWrongAnswer() {
    assertThatThrownBy(() -> AnswerVerifier.verify(TaskSpec.newBuilder().setId("x").build(), "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task x has no reference_answer");
  }
}
