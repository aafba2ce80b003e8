package text;

public final class WordCountTest {
  public static void main(String[] args) {
    Tap t = new Tap();
    t.test("WordCountTest.simple_sentence", () -> Tap.checkEquals(4, WordCount.countWords("the cat sat down")));
    t.test("WordCountTest.several_spaces_between", () -> Tap.checkEquals(2, WordCount.countWords("a    b")));
    t.test("WordCountTest.top_word", () -> Tap.checkEquals("the", WordCount.topWord("The cat saw the dog")));
    t.test("WordCountTest.leading_whitespace", () -> Tap.checkEquals(2, WordCount.countWords("  hello world")));
    t.test("WordCountTest.empty_text", () -> Tap.checkEquals(0, WordCount.countWords("")));
    t.test("WordCountTest.only_blanks", () -> Tap.checkEquals(0, WordCount.countWords(" \t\n ")));
    System.exit(t.finish());
  }
}
