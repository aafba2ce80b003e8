package dev.arbor.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random trajectories with heavy prefix sharing, for property tests: later trajectories copy a
 * random prefix of an earlier one (cut anywhere, also inside a segment) and continue with random
 * segments over a tiny vocabulary, so that accidental matches and splits are frequent.
 *
 * <p>Per-token log-probs and entropies are a function of the token's whole prefix, as they would be
 * for a real policy, so merged tokens agree.
 */
public final class RandomTrajectories {
  private static final Role[] ROLES = Role.values();

  private RandomTrajectories() {}

  public static List<Trajectory> generate(long seed, int count, int maxSegments, int vocab) {
    Random random = new Random(seed);
    List<List<Tok>> bodies = new ArrayList<>();
    List<Trajectory> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      List<Tok> toks = new ArrayList<>();
      if (!bodies.isEmpty() && random.nextInt(4) != 0) {
        List<Tok> base = bodies.get(random.nextInt(bodies.size()));
        int cut = random.nextInt(base.size() + 1);
        toks.addAll(base.subList(0, cut));
      }
      int segments = 1 + random.nextInt(maxSegments);
      for (int s = 0; s < segments; s++) {
        Role role = ROLES[random.nextInt(ROLES.length)];
        int version = random.nextInt(2);
        boolean newSegment = true;
        int len = 1 + random.nextInt(6);
        for (int i = 0; i < len; i++) {
          toks.add(
              new Tok(random.nextInt(vocab), role, role.generated() ? version : -1, newSegment));
          newSegment = false;
        }
      }
      bodies.add(toks);
      double reward = random.nextInt(3) == 0 ? 1.0 : random.nextDouble();
      TrajectoryStatus status =
          TrajectoryStatus.values()[random.nextInt(3) == 0 ? random.nextInt(3) : 0];
      out.add(new Trajectory("t" + k, "task-" + (k % 3), "g0", toSegments(toks), reward, status));
    }
    return out;
  }

  private record Tok(int id, Role role, int version, boolean startsSegment) {}

  private static List<Segment> toSegments(List<Tok> toks) {
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    long hash = 17;
    while (i < toks.size()) {
      int j = i + 1;
      while (j < toks.size()
          && !toks.get(j).startsSegment()
          && toks.get(j).role() == toks.get(i).role()) {
        j++;
      }
      Role role = toks.get(i).role();
      int n = j - i;
      int[] ids = new int[n];
      float[] lp = new float[n];
      float[] ent = new float[n];
      int[] ver = new int[n];
      for (int q = 0; q < n; q++) {
        Tok t = toks.get(i + q);
        hash = hash * 31 + t.id() * 7L + t.role().ordinal() * 3L + t.version();
        ids[q] = t.id();
        ver[q] = t.version();
        lp[q] = -(float) ((hash >>> 8) % 1000) / 100f;
        ent[q] = (float) ((hash >>> 20) % 1000) / 250f;
      }
      segments.add(
          role.generated()
              ? Segment.generated(role, ids, lp, ent, ver)
              : Segment.context(role, ids));
      i = j;
    }
    return segments;
  }
}
