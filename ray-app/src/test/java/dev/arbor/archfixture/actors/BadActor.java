package dev.arbor.archfixture.actors;

import dev.arbor.archfixture.app.GoodApp;

/** Violates the actors rule: depends on the driver. */
public class BadActor {
  public String driverName() {
    return GoodApp.NAME + new GoodApp().hashCode();
  }
}
