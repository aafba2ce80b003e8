package dev.arbor.trainer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.trainer.train.AdamW;
import dev.arbor.trainer.train.LrSchedule;
import dev.arbor.trainer.train.TrainerConfig;
import dev.arbor.trainer.train.TreeTrainer;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TeacherForcedScoreTest {
  private static final int[] DIGIT_IDS = TeacherForcedScore.digitIds(new ByteTokenizer());
  private static final IntPredicate DIGITS = id -> id >= '0' && id <= '9';

  @Test
  void digitsOfTheByteTokenizerAreTheTenAsciiDigits() {
    assertThat(DIGIT_IDS).containsExactly(IntStream.rangeClosed('0', '9').toArray());
  }

  @Test
  void tallyCountsGeneratedTokensAboveOneHalf() {
    int[] ids = {'a', '1', 'b', '2', '3', 'c'};
    boolean[] generated = {true, true, false, true, true, true};
    float[] lp = {0f, (float) Math.log(0.9), (float) Math.log(0.9), -0.1f, -2f, -0.2f};
    TeacherForcedScore s = TeacherForcedScore.tally(ids, generated, lp, DIGITS);
    // token 0 has no predecessor; token 2 is context
    assertThat(s.tokens()).isEqualTo(4);
    assertThat(s.matchedTokens()).isEqualTo(3);
    assertThat(s.digitTokens()).isEqualTo(3);
    assertThat(s.matchedDigits()).isEqualTo(2);
    assertThat(s.exactEpisodes()).isZero();
    assertThat(s.loss()).isCloseTo((-Math.log(0.9) + 0.1 + 2 + 0.2) / 4, within(1e-6));
    TeacherForcedScore all = s.plus(TeacherForcedScore.tally(ids, generated, new float[6], DIGITS));
    assertThat(all.episodes()).isEqualTo(2);
    assertThat(all.exactEpisodes()).isEqualTo(1);
    assertThat(all.exactRate()).isEqualTo(0.5);
    assertThat(all.digitAccuracy()).isEqualTo(5.0 / 6);
    assertThat(all.toMap()).containsKeys("exact_rate", "token_accuracy", "digit_accuracy", "loss");
  }

  @Test
  void aModelTrainedOnTheEpisodesReproducesThemAndARandomOneDoesNot() {
    List<Trajectory> episodes = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      episodes.add(
          EpisodeFormatTest.FORMAT.tokenize(
              EpisodeFormatTest.SYSTEM, "Ana has " + k + ".", EpisodeFormatTest.teacher("t" + k)));
    }
    long generated =
        episodes.stream()
            .flatMap(t -> t.segments().stream())
            .filter(s -> s.role().generated())
            .mapToLong(Segment::length)
            .sum();
    TreeRecord record = SftBatch.record("b0", episodes);
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(Qwen2Config.named("tiny"), 5, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer =
            new TreeTrainer(
                model, null, adam, TrainerConfig.sft(LrSchedule.constant(1e-2)), root)) {
      TeacherForcedScore before = TeacherForcedScore.of(model, episodes, DIGIT_IDS, root);
      assertThat(before.tokens()).isEqualTo(generated);
      assertThat(before.matchedTokens()).isZero();
      assertThat(before.loss()).isBetween(4.0, 7.0);
      for (int i = 0; i < 60; i++) {
        trainer.step(List.of(record));
      }
      TeacherForcedScore after = TeacherForcedScore.of(model, episodes, DIGIT_IDS, root);
      assertThat(after.tokenAccuracy()).isGreaterThan(0.9);
      assertThat(after.loss()).isLessThan(before.loss() / 4);
    }
  }
}
