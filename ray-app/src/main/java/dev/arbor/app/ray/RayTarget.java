package dev.arbor.app.ray;

import java.util.Objects;

/**
 * Where the driver runs its actors: {@code local} (Ray's embedded LOCAL mode: one JVM, no Python,
 * no services; resources are ignored) or the {@code HOST:PORT} of a running Ray head's GCS. Parsed
 * from the {@code --ray} option.
 *
 * @param address {@code null} for LOCAL mode, else {@code HOST:PORT}
 */
public record RayTarget(String address) {

  /** The value of {@code --ray} that selects LOCAL mode. */
  public static final String LOCAL = "local";

  public RayTarget {
    if (address != null) {
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || !address.substring(colon + 1).matches("[0-9]{1,5}")) {
        throw new IllegalArgumentException(
            "--ray: expected 'local' or HOST:PORT of a Ray head (e.g. 127.0.0.1:6379), got '"
                + address
                + "'");
      }
    }
  }

  /** LOCAL mode. */
  public static RayTarget local() {
    return new RayTarget(null);
  }

  /** Parses {@code local} or {@code HOST:PORT}. */
  public static RayTarget parse(String value) {
    Objects.requireNonNull(value, "--ray");
    String v = value.strip();
    return v.equalsIgnoreCase(LOCAL) ? local() : new RayTarget(v);
  }

  public boolean isLocal() {
    return address == null;
  }

  /** The head's host, or {@code null} in LOCAL mode. */
  public String host() {
    return address == null ? null : address.substring(0, address.lastIndexOf(':'));
  }

  /** True when the head is on this machine's loopback (the driver then binds to 127.0.0.1 too). */
  public boolean isLoopback() {
    String h = host();
    return h != null && (h.equals("localhost") || h.startsWith("127."));
  }

  @Override
  public String toString() {
    return address == null ? LOCAL : address;
  }
}
