package dev.arbor.app.ray;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * JVM options for Ray's Java worker processes. Workers need the same {@code --add-opens} as the
 * driver (Ray's serializer reflects into {@code java.base} on Java 17, even for {@code byte[]}
 * arguments), so the driver forwards its own: one source of truth, the root pom's {@code
 * arbor.jvm.opens}.
 *
 * <p>Ray takes worker options as system properties {@code ray.job.jvm-options.0}, {@code .1}, ...,
 * one JVM token each, read at {@code Ray.init()}.
 */
public final class WorkerJvmOptions {

  static final String PREFIX = "ray.job.jvm-options.";
  private static final String ADD_OPENS = "--add-opens";

  private WorkerJvmOptions() {}

  /**
   * The {@code --add-opens} options among {@code jvmArgs}, each as one token {@code
   * --add-opens=module/package=target} (the JVM also accepts the two-token form).
   */
  public static List<String> addOpens(List<String> jvmArgs) {
    List<String> opens = new ArrayList<>();
    for (int i = 0; i < jvmArgs.size(); i++) {
      String arg = jvmArgs.get(i);
      if (arg.startsWith(ADD_OPENS + "=")) {
        opens.add(arg);
      } else if (arg.equals(ADD_OPENS) && i + 1 < jvmArgs.size()) {
        opens.add(ADD_OPENS + "=" + jvmArgs.get(++i));
      }
    }
    return opens;
  }

  /**
   * Appends {@code options} to the worker options in {@code props}, after any already set, skipping
   * duplicates. Returns the options now configured, in index order.
   */
  public static List<String> append(Properties props, List<String> options) {
    List<String> configured = new ArrayList<>();
    for (int i = 0; props.getProperty(PREFIX + i) != null; i++) {
      configured.add(props.getProperty(PREFIX + i));
    }
    for (String option : options) {
      if (!configured.contains(option)) {
        props.setProperty(PREFIX + configured.size(), option);
        configured.add(option);
      }
    }
    return List.copyOf(configured);
  }

  /**
   * DJL's settings among {@code props} ({@code ai.djl.*}, e.g. {@code ai.djl.offline=true}) as
   * {@code -D} options, so that workers load the model engine the way the driver does.
   */
  public static List<String> djlProperties(Properties props) {
    List<String> options = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(props.stringPropertyNames())) {
      if (name.startsWith("ai.djl.")) {
        options.add("-D" + name + "=" + props.getProperty(name));
      }
    }
    return options;
  }

  /**
   * Gives Ray workers the {@code --add-opens} of this JVM, through system properties. Call before
   * {@code Ray.init()}.
   */
  public static List<String> forwardAddOpensToWorkers() {
    return append(
        System.getProperties(), addOpens(ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }
}
