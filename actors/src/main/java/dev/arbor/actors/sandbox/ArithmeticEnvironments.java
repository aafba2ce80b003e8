package dev.arbor.actors.sandbox;

import dev.arbor.tasks.env.Environment;
import dev.arbor.tasks.suite.arithmetic.ArithmeticEnvironment;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;

/** The environments of {@code arithmetic-tools} (registered as a service for sandbox actors). */
public final class ArithmeticEnvironments implements EnvironmentFactory {

  @Override
  public String suite() {
    return ArithmeticSuite.NAME;
  }

  @Override
  public Environment create() {
    return new ArithmeticEnvironment();
  }
}
