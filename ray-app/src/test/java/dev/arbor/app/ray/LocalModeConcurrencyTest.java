package dev.arbor.app.ray;

import static org.assertj.core.api.Assertions.assertThat;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actor tasks that start at the same moment on different actors in Ray LOCAL mode each run on their
 * own actor. Without {@link LocalModeConcurrency}, Ray 2.39 hands some of them the other actor
 * (within the first few hundred calls here: "object is not an instance of declaring class", or a
 * silent call on the wrong instance of the same class).
 */
class LocalModeConcurrencyTest {

  /** An actor that answers with its own name. */
  public static class Named {
    private final String name;

    public Named(String name) {
      this.name = name;
    }

    /** The payload only widens the moment between a task's start and its call. */
    public String name(byte[] payload) {
      return name + ":" + payload.length;
    }
  }

  /** A second actor class, so that a mix-up also shows as a wrong receiver type. */
  public static class Other {
    public String name(byte[] payload) {
      return "other:" + payload.length;
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void tasksStartingTogetherOnDifferentActorsRunOnTheirOwnActor(@TempDir Path dir)
      throws Exception {
    try (RaySession ray = RaySession.start(RayTarget.local(), "arbor-test", dir)) {
      assertThat(ray.concurrentActorTasks()).isTrue();
      List<ActorHandle<Named>> named = new ArrayList<>();
      for (String n : List.of("a", "b", "c")) {
        named.add(Ray.actor(Named::new, n).remote());
      }
      ActorHandle<Other> other = Ray.actor(Other::new).remote();
      byte[] payload = new byte[64 * 1024];
      int calls = 200;
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          results.add(
              pool.submit(
                  () -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                      String expected = thread < 3 ? List.of("a", "b", "c").get(thread) : "other";
                      String got =
                          thread < 3
                              ? named.get(thread).task(Named::name, payload).remote().get()
                              : other.task(Other::name, payload).remote().get();
                      if (!got.equals(expected + ":" + payload.length)) {
                        wrong.add("call " + i + " to " + expected + " ran on " + got);
                      }
                    }
                    return wrong;
                  }));
        }
        for (Future<List<String>> r : results) {
          assertThat(r.get()).isEmpty();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
