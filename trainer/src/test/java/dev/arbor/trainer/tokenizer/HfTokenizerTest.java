package dev.arbor.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture {@code tiny-bpe/tokenizer.json} is a hand-made byte-level BPE shaped like Qwen2.5's
 * (NFC normalizer, Qwen's split regex, byte-level pre-tokenizer and decoder, 42 merges, added
 * tokens {@code <|endoftext|>} 298, {@code <|im_start|>} 299, {@code <|im_end|>} 300, {@code
 * <tool_call>} 301, {@code </tool_call>} 302). The expected ids below are what the Python {@code
 * tokenizers} library (0.23.2) gives for the same file.
 */
class HfTokenizerTest {

  @TempDir Path dir;

  static Path fixture() {
    try {
      return Path.of(HfTokenizerTest.class.getResource("tiny-bpe/tokenizer.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void encodesAsTheReferenceLibraryDoes() throws IOException {
    try (HfTokenizer tok = HfTokenizer.load(fixture())) {
      assertThat(tok.encode("hello world")).containsExactly(257, 108, 108, 111, 287);
      assertThat(tok.encode("the calculator sum = 12\n\n  is 2"))
          .containsExactly(116, 257, 272, 275, 276, 32, 49, 50, 10, 10, 32, 281, 32, 50);
      assertThat(tok.encode("Hello, World! 😀 ünïcödé 你好"))
          .containsExactly(
              72, 295, 44, 32, 87, 279, 108, 100, 33, 32, 240, 159, 152, 128, 32, 195, 188, 110,
              195, 175, 99, 195, 182, 100, 195, 169, 32, 228, 189, 160, 229, 165, 189);
      String chat = "<|im_start|>user\ncall<tool_call>{\"x\": 1}</tool_call><|im_end|>";
      assertThat(tok.encode(chat))
          .containsExactly(
              299, 117, 115, 261, 10, 99, 264, 108, 301, 123, 34, 120, 34, 58, 32, 49, 125, 302,
              300);
      assertThat(tok.decode(tok.encode(chat))).isEqualTo(chat);
      assertThat(tok.decode(tok.encode("Hello, World! 😀 ünïcödé 你好")))
          .isEqualTo("Hello, World! 😀 ünïcödé 你好");
      // The NFC normalizer composes e + combining acute: the text changes, as in Python.
      assertThat(tok.encode("cafe\u0301")).containsExactly(99, 97, 102, 195, 169);
    }
  }

  @Test
  void neverTruncatesPadsOrAddsSpecialTokens() throws IOException {
    try (HfTokenizer tok = HfTokenizer.load(fixture())) {
      String text = "hello world ".repeat(300);
      int[] ids = tok.encode(text);
      assertThat(ids).hasSize(1800); // > 512, DJL's default truncation length
      assertThat(tok.decode(ids)).isEqualTo(text);
      assertThat(tok.tokenLength(text)).isEqualTo(1800);
      assertThat(tok.encode("hi")).containsExactly('h', 'i');
      assertThat(tok.encode("")).isEmpty();
    }
  }

  @Test
  void specialTokensComeFromTokenizerConfig() throws IOException {
    try (HfTokenizer tok = HfTokenizer.load(fixture().resolve("tokenizer.json"))) {
      assertThat(tok.vocabSize()).isEqualTo(303);
      assertThat(tok.bosId()).isEmpty();
      assertThat(tok.eosId()).hasValue(300);
      assertThat(tok.padId()).hasValue(298);
      assertThat(tok.tokenId("<tool_call>")).hasValue(301);
      assertThat(tok.tokenId(" world")).hasValue(287);
      assertThat(tok.tokenId("world")).isEmpty();
    }
  }

  @Test
  void withoutTokenizerConfigSpecialIdsComeFromConfigJson() throws IOException {
    Files.copy(fixture().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.writeString(
        dir.resolve("config.json"), "{\"bos_token_id\": 298, \"eos_token_id\": [300, 298]}");
    try (Tokenizer tok = Tokenizer.load(dir)) {
      assertThat(tok).isInstanceOf(HfTokenizer.class);
      assertThat(tok.bosId()).hasValue(298);
      assertThat(tok.eosId()).hasValue(300);
      assertThat(tok.padId()).isEmpty();
    }
  }

  @Test
  void loadPicksTheByteTokenizerWithoutTokenizerJson() throws IOException {
    try (Tokenizer tok = Tokenizer.load(dir)) {
      assertThat(tok).isInstanceOf(ByteTokenizer.class);
    }
    assertThatThrownBy(() -> Tokenizer.load(dir.resolve("missing")))
        .hasMessageContaining("missing: not a directory");
  }

  @Test
  void saveToCopiesTheFilesThatLoadReadsBack() throws IOException {
    try (HfTokenizer tok = HfTokenizer.load(fixture())) {
      tok.saveTo(dir);
    }
    assertThat(dir.resolve("tokenizer.json"))
        .hasSameTextualContentAs(fixture().resolve("tokenizer.json"));
    assertThat(dir.resolve("tokenizer_config.json")).exists();
    try (Tokenizer tok = Tokenizer.load(dir)) {
      assertThat(tok.eosId()).hasValue(300);
    }
  }

  @Test
  void invalidFilesAreNamed() throws IOException {
    Path bad = dir.resolve("tokenizer.json");
    Files.writeString(bad, "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {\"a\": 0}}}");
    assertThatThrownBy(() -> HfTokenizer.load(bad))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(bad.toString());
    Files.writeString(bad, "[]");
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("no JSON object");
    Files.copy(
        fixture().resolve("tokenizer.json"),
        bad,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"two tokens\"}");
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .hasMessageContaining(
            "tokenizer_config.json: eos_token \"two tokens\" is not a single token");
    try (HfTokenizer tok = HfTokenizer.load(fixture())) {
      assertThatThrownBy(() -> tok.decode(new int[] {1, 303}))
          .hasMessageContaining("token id 303 at position 1");
    }
  }
}
