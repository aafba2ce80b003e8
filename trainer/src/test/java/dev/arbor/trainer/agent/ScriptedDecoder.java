package dev.arbor.trainer.agent;

import dev.arbor.trainer.generate.Completion;
import dev.arbor.trainer.generate.Decoder;
import dev.arbor.trainer.generate.FinishReason;
import dev.arbor.trainer.generate.SamplingParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder that "generates" scripted turns: sequence k (in fork order) emits the turns of script
 * k, one per generate call, with log-prob 0 and entropy 0, as a policy forced to the teacher's
 * tokens would. Finish is EOS or STOP from the turn's last token.
 */
final class ScriptedDecoder implements Decoder {
  private final List<List<int[]>> scripts;
  private final int eos;
  private final Map<Integer, List<Integer>> tokens = new HashMap<>();
  private final Map<Integer, Integer> scriptOf = new HashMap<>();
  private final Map<Integer, Integer> turnOf = new HashMap<>();
  private int next;
  private int forks;

  ScriptedDecoder(List<List<int[]>> scripts, int eos) {
    this.scripts = scripts;
    this.eos = eos;
  }

  @Override
  public int start(int[] prompt, long seed) {
    int id = next++;
    List<Integer> t = new ArrayList<>();
    for (int x : prompt) {
      t.add(x);
    }
    tokens.put(id, t);
    return id;
  }

  @Override
  public void prefill(List<Integer> seqIds) {}

  @Override
  public int fork(int seqId, int length, long seed) {
    int id = next++;
    tokens.put(id, new ArrayList<>(tokens.get(seqId).subList(0, length)));
    scriptOf.put(id, forks++);
    turnOf.put(id, 0);
    return id;
  }

  @Override
  public List<Completion> generate(
      List<Integer> seqIds, int[] maxNewTokens, SamplingParams sampling, int version) {
    List<Completion> out = new ArrayList<>();
    for (int id : seqIds) {
      int turn = turnOf.merge(id, 1, Integer::sum) - 1;
      int[] t = scripts.get(scriptOf.get(id)).get(turn);
      for (int x : t) {
        tokens.get(id).add(x);
      }
      FinishReason finish = t[t.length - 1] == eos ? FinishReason.EOS : FinishReason.STOP;
      out.add(
          new Completion(
              id,
              t,
              new float[t.length],
              new float[t.length],
              new float[t.length],
              version,
              finish));
    }
    return out;
  }

  @Override
  public void append(int seqId, int... appended) {
    for (int x : appended) {
      tokens.get(seqId).add(x);
    }
  }

  @Override
  public void release(int seqId) {
    tokens.remove(seqId);
  }

  int live() {
    return tokens.size();
  }
}
