package dev.arbor.trainer.model;

import ai.djl.Device;

/** Device names as Arbor's configs and flags spell them. */
public final class Devices {
  private Devices() {}

  /**
   * {@code cpu}, {@code gpu} (the first GPU) or {@code gpu<N>}. Every array of a model and its
   * activations lives on the device of the base manager it was created from, so choosing the device
   * of that manager moves the whole computation.
   */
  public static Device parse(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (n.equals("cpu")) {
      return Device.cpu();
    }
    if (n.equals("gpu") || n.equals("cuda")) {
      return Device.gpu();
    }
    if (n.matches("(gpu|cuda):?\\d+")) {
      return Device.gpu(Integer.parseInt(n.replaceAll("\\D", "")));
    }
    throw new IllegalArgumentException("unknown device '" + name + "' (allowed: cpu, gpu, gpu<N>)");
  }
}
