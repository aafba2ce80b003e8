package dev.arbor.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.trainer.model.Qwen2Config;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {

  private final ByteTokenizer tok = new ByteTokenizer();

  @Test
  void vocabularyMatchesTheTinyModelConfig() {
    assertThat(tok.vocabSize()).isEqualTo(264).isEqualTo(Qwen2Config.named("tiny").vocabSize());
    assertThat(ByteTokenizer.SPECIAL_TOKENS).hasSize(8).doesNotHaveDuplicates();
    assertThat(tok.padId()).hasValue(ByteTokenizer.PAD);
    assertThat(tok.bosId()).hasValue(257);
    assertThat(tok.eosId()).hasValue(258);
  }

  @Test
  void roundTripsAnyUnicodeExactly() {
    List<String> samples =
        List.of(
            "",
            "plain ascii",
            "emoji 😀👩‍👩‍👧 and flags 🇩🇪",
            "中文，日本語のテキスト、한국어",
            "cafe\u0301 vs caf\u00e9",
            "nul \0 and controls \t\r\n\u007f",
            "<eos> inside, <eos unfinished, <<eos>>, </tool_call, <tool_call>x</tool_call>",
            "\uFFFF\uFFFD max BMP, 𝄞 astral");
    for (String s : samples) {
      assertThat(tok.decode(tok.encode(s))).as("round trip of %s", s).isEqualTo(s);
      assertThat(tok.decode(tok.encodeLiteral(s))).isEqualTo(s);
    }
    Random r = new Random(11);
    for (int n = 0; n < 2000; n++) {
      StringBuilder b = new StringBuilder();
      for (int i = r.nextInt(40); i > 0; i--) {
        int cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x80);
        if (cp < 0xD800 || cp > 0xDFFF) {
          b.appendCodePoint(cp);
        }
        if (r.nextInt(10) == 0) {
          b.append(ByteTokenizer.SPECIAL_TOKENS.get(r.nextInt(8)));
        }
      }
      String s = b.toString();
      assertThat(tok.decode(tok.encode(s))).isEqualTo(s);
    }
  }

  @Test
  void specialTokensInTextAreSingleIds() {
    assertThat(tok.encode("<tool_call>x</tool_call><eos>")).containsExactly(259, 'x', 260, 258);
    assertThat(tok.encode("<turn><tool_result>ok</tool_result>"))
        .containsExactly(263, 261, 'o', 'k', 262);
    assertThat(tok.encode("a<eos")).containsExactly('a', '<', 'e', 'o', 's');
    assertThat(tok.encodeLiteral("<eos>")).containsExactly('<', 'e', 'o', 's', '>');
    assertThat(tok.tokenId("</tool_result>")).hasValue(ByteTokenizer.TOOL_RESULT_END);
    assertThat(tok.tokenId("a")).hasValue('a');
    assertThat(tok.tokenId("ab")).isEmpty();
    assertThat(tok.decode(new int[] {257, 'h', 'i', 258})).isEqualTo("<bos>hi<eos>");
  }

  @Test
  void multiByteCharactersAreTheirUtf8Bytes() {
    assertThat(tok.encode("😀")).containsExactly(0xF0, 0x9F, 0x98, 0x80);
    assertThat(tok.tokenLength("é😀")).isEqualTo(6);
    assertThat(tok.tokenLength(List.of("ab", "<eos>", "é"))).isEqualTo(5);
  }

  @Test
  void invalidBytesDecodeToReplacementCharactersAndBadIdsAreNamed() {
    assertThat(tok.decode(new int[] {'a', 0xF0, 0x9F, 'b'})).isEqualTo("a\uFFFDb");
    assertThat(tok.decode(new int[] {0xC3, 258, 0xA9})).isEqualTo("\uFFFD<eos>\uFFFD");
    assertThatThrownBy(() -> tok.decode(new int[] {'a', 300}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token id 300 at position 1")
        .hasMessageContaining("[0, 264)");
    assertThat(new String(new byte[] {(byte) 0xC3, (byte) 0xA9}, StandardCharsets.UTF_8))
        .isEqualTo(tok.decode(new int[] {0xC3, 0xA9}));
  }
}
