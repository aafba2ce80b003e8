package dev.arbor.trainer.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The zero-dependency tokenizer: ids 0-255 are the bytes of the text's UTF-8 encoding, ids 256-263
 * are Arbor's special tokens, so the vocabulary (264) matches {@code Qwen2Config.named("tiny")}.
 *
 * <ul>
 *   <li>256 {@code <pad>}: padding
 *   <li>257 {@code <bos>}: start of a sequence
 *   <li>258 {@code <eos>}: end of the model's turn
 *   <li>259, 260 {@code <tool_call>}, {@code </tool_call>}: a tool call the model emits
 *   <li>261, 262 {@code <tool_result>}, {@code </tool_result>}: a tool's output fed back
 *   <li>263 {@code <turn>}: a new turn
 * </ul>
 *
 * <p>{@link #encode} recognises the special token texts in its input; {@link #encodeLiteral} does
 * not, for text that must not forge structure (e.g. a tool's output containing {@code
 * </tool_result>}). Round trip: {@code decode(encode(s)).equals(s)} for every valid Unicode string
 * (a lone surrogate becomes {@code ?}, as in {@link String#getBytes}); {@link #decode} of bytes
 * that are not valid UTF-8 (a model may generate them) yields U+FFFD for the bad bytes. Stateless
 * and thread-safe.
 */
public final class ByteTokenizer implements Tokenizer {

  /** Special token texts, in id order from {@link #FIRST_SPECIAL}. */
  public static final List<String> SPECIAL_TOKENS =
      List.of(
          "<pad>",
          "<bos>",
          "<eos>",
          "<tool_call>",
          "</tool_call>",
          "<tool_result>",
          "</tool_result>",
          "<turn>");

  public static final int FIRST_SPECIAL = 256;
  public static final int PAD = 256;
  public static final int BOS = 257;
  public static final int EOS = 258;
  public static final int TOOL_CALL = 259;
  public static final int TOOL_CALL_END = 260;
  public static final int TOOL_RESULT = 261;
  public static final int TOOL_RESULT_END = 262;
  public static final int TURN = 263;

  /** 256 bytes + 8 special tokens. */
  public static final int VOCAB_SIZE = FIRST_SPECIAL + SPECIAL_TOKENS.size();

  @Override
  public int[] encode(String text) {
    Ids out = new Ids(text.length() + 8);
    int start = 0;
    for (int i = text.indexOf('<'); i >= 0; ) {
      int special = specialAt(text, i);
      if (special < 0) {
        i = text.indexOf('<', i + 1);
        continue;
      }
      out.addBytes(text.substring(start, i));
      out.add(FIRST_SPECIAL + special);
      start = i + SPECIAL_TOKENS.get(special).length();
      i = text.indexOf('<', start);
    }
    out.addBytes(text.substring(start));
    return out.toArray();
  }

  /** The UTF-8 bytes of {@code text} as ids, without recognising special tokens. */
  public int[] encodeLiteral(String text) {
    Ids out = new Ids(text.length());
    out.addBytes(text);
    return out.toArray();
  }

  private static int specialAt(String text, int i) {
    for (int s = 0; s < SPECIAL_TOKENS.size(); s++) {
      if (text.startsWith(SPECIAL_TOKENS.get(s), i)) {
        return s;
      }
    }
    return -1;
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder out = new StringBuilder(ids.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int k = 0; k < ids.length; k++) {
      int id = ids[k];
      if (id >= 0 && id < FIRST_SPECIAL) {
        bytes.write(id);
      } else if (id >= FIRST_SPECIAL && id < VOCAB_SIZE) {
        flush(bytes, out);
        out.append(SPECIAL_TOKENS.get(id - FIRST_SPECIAL));
      } else {
        throw new IllegalArgumentException(
            "token id "
                + id
                + " at position "
                + k
                + " is outside the byte tokenizer's vocabulary [0, "
                + VOCAB_SIZE
                + ")");
      }
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() == 0) {
      return;
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      out.append(utf8.decode(ByteBuffer.wrap(bytes.toByteArray())));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 decoding with REPLACE cannot fail", e);
    }
    bytes.reset();
  }

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public OptionalInt bosId() {
    return OptionalInt.of(BOS);
  }

  @Override
  public OptionalInt eosId() {
    return OptionalInt.of(EOS);
  }

  @Override
  public OptionalInt padId() {
    return OptionalInt.of(PAD);
  }

  @Override
  public OptionalInt tokenId(String token) {
    int special = SPECIAL_TOKENS.indexOf(token);
    if (special >= 0) {
      return OptionalInt.of(FIRST_SPECIAL + special);
    }
    byte[] b = token.getBytes(StandardCharsets.UTF_8);
    return b.length == 1 ? OptionalInt.of(b[0] & 0xFF) : OptionalInt.empty();
  }

  /** Nothing to write: a checkpoint without {@code tokenizer.json} uses this tokenizer. */
  @Override
  public void saveTo(Path dir) {}

  @Override
  public String toString() {
    return "ByteTokenizer(vocab " + VOCAB_SIZE + ")";
  }

  /** A growable int array. */
  private static final class Ids {
    private int[] ids;
    private int size;

    Ids(int capacity) {
      ids = new int[Math.max(capacity, 8)];
    }

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }

    void addBytes(String text) {
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        add(b & 0xFF);
      }
    }

    int[] toArray() {
      return Arrays.copyOf(ids, size);
    }
  }
}
