package dev.arbor.tree.advantage;

/** The identity scaler: {@code A' = A}. */
final class NoScaler implements AdvantageScaler {
  static final NoScaler INSTANCE = new NoScaler();

  private NoScaler() {}

  @Override
  public String spec() {
    return "none";
  }

  @Override
  public String toString() {
    return spec();
  }
}
