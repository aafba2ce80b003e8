package dev.arbor.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.app.ray.RayNativeLibrary;
import dev.arbor.app.ray.WorkerJvmOptions;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.runtimecontext.NodeInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Talks to a real Ray head (started by {@code .ci/run}): object store round trip, an actor placed
 * by a custom resource tag, arguments by value and by reference.
 *
 * <p>Needs the cluster's {@code ray_dist.jar} on the classpath instead of {@code ray-api} 2.39 (see
 * the {@code ray-cluster} profile in ray-app/pom.xml). Head address: system property {@code
 * ray.address}, default {@value #DEFAULT_ADDRESS}.
 */
@Tag("cluster")
class RayClusterSmokeTest {

  static final String DEFAULT_ADDRESS = "127.0.0.1:6390";
  private static final int PAYLOAD_BYTES = 4 << 20;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void putGetAndAnActorPlacedByTag() {
    assertThat(String.valueOf(Ray.class.getProtectionDomain().getCodeSource().getLocation()))
        .as(
            "Ray's API must come from the cluster's ray_dist.jar, not ray-api 2.39"
                + " (run .ci/run, or mvn with -Dray.dist.jar=<absolute path to ray_dist.jar>)")
        .endsWith("/ray_dist.jar");
    Properties saved = (Properties) System.getProperties().clone();
    System.getProperties().putIfAbsent("ray.address", DEFAULT_ADDRESS);
    System.getProperties().putIfAbsent("ray.node-ip", "127.0.0.1");
    System.getProperties().putIfAbsent("ray.job.namespace", "arbor-test");
    List<String> workerOptions = WorkerJvmOptions.forwardAddOpensToWorkers();
    assertThat(workerOptions).contains("--add-opens=java.base/java.nio=ALL-UNNAMED");

    Ray.init();
    Optional<Path> nativeCopy = RayNativeLibrary.loadedCopy();
    try {
      assertThat(Ray.getRuntimeContext().getAllNodeInfo())
          .as("the head advertises the tags .ci/run gave it")
          .anySatisfy(node -> assertThat(resources(node)).containsEntry("sandbox", 4.0));

      byte[] payload = new byte[PAYLOAD_BYTES];
      new Random(42).nextBytes(payload);
      ObjectRef<byte[]> ref = Ray.put(payload);
      assertThat(Arrays.mismatch(Ray.get(ref), payload)).as("first differing byte").isEqualTo(-1);

      ActorHandle<SmokeActor> actor =
          Ray.actor(SmokeActor::new).setResource("sandbox", 1.0).remote();
      assertThat(actor.task(SmokeActor::pid).remote().get())
          .as("the actor runs in a worker process, not in this JVM")
          .isNotEqualTo(ProcessHandle.current().pid());
      assertThat(actor.task(SmokeActor::sha256, payload).remote().get())
          .as("a %d-byte argument by value", PAYLOAD_BYTES)
          .isEqualTo(SmokeActor.sha256Hex(payload));
      assertThat(actor.task(SmokeActor::length, ref).remote().get())
          .as("an ObjectRef argument is resolved in the worker")
          .isEqualTo(PAYLOAD_BYTES);
      assertThat(actor.task(SmokeActor::jvmArgs).remote().get())
          .as("workers get the driver's --add-opens")
          .contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
      actor.kill();
    } finally {
      Ray.shutdown();
      System.setProperties(saved);
      RayNativeLibrary.deleteLoadedCopy();
    }
    assertThat(nativeCopy).as("the driver's extracted native library was found").isPresent();
    assertThat(nativeCopy.get()).as("and deleted after shutdown").doesNotExist();
    assertThat(nativeCopy.get().getParent()).as("with its folder").doesNotExist();
  }

  private static Map<String, Double> resources(NodeInfo node) {
    return node.resources;
  }
}
