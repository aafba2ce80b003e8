package dev.arbor.actors.metrics;

/** {@link Metrics} that records nothing. */
enum NoopMetrics implements Metrics {
  INSTANCE;

  private static final Recorder NOTHING = value -> {};

  @Override
  public Recorder gauge(String name, String description) {
    return NOTHING;
  }

  @Override
  public Recorder counter(String name, String description) {
    return NOTHING;
  }

  @Override
  public Recorder histogram(String name, String description, double... boundaries) {
    return NOTHING;
  }
}
