package dev.arbor.archfixture.app;

import io.ray.api.Ray;

/** Allowed: the driver may use Ray. */
public class GoodApp {
  public static final String NAME = "app";

  public boolean rayUp() {
    return Ray.isInitialized();
  }
}
