package text;

import java.util.HashMap;
import java.util.Map;

/** Word statistics of a text; words are runs of non-blank characters. */
public final class WordCount {
  private WordCount() {}

  public static int countWords(String text) {
    return text.split("\\s+").length;
  }

  /** The most frequent word (lower case); ties go to the word that comes first. */
  public static String topWord(String text) {
    Map<String, Integer> counts = new HashMap<>();
    String best = null;
    for (String word : text.trim().toLowerCase().split("\\s+")) {
      int c = counts.merge(word, 1, Integer::sum);
      if (best == null || c > counts.get(best)) {
        best = word;
      }
    }
    return best;
  }
}
