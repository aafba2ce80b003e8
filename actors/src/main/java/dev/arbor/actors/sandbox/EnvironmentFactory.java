package dev.arbor.actors.sandbox;

import dev.arbor.tasks.env.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the {@link Environment}s of one task suite. Suites register a factory as a Java service
 * ({@code META-INF/services/dev.arbor.actors.sandbox.EnvironmentFactory}), so that a sandbox actor
 * on any node finds the environment of a suite by its name, and a new suite needs no change here.
 */
public interface EnvironmentFactory {

  /** The suite's name, as job configs give it (e.g. {@code arithmetic-tools}). */
  String suite();

  /** A fresh environment; the sandbox actor closes it. */
  Environment create();

  /**
   * The registered factory of {@code suite}.
   *
   * @throws IllegalArgumentException naming the registered suites when none matches
   */
  static EnvironmentFactory forSuite(String suite) {
    List<String> known = new ArrayList<>();
    for (EnvironmentFactory f :
        ServiceLoader.load(EnvironmentFactory.class, EnvironmentFactory.class.getClassLoader())) {
      if (f.suite().equals(suite)) {
        return f;
      }
      known.add(f.suite());
    }
    throw new IllegalArgumentException(
        "no environment registered for suite '" + suite + "' (registered: " + known + ")");
  }
}
