package dev.arbor.app.cluster;

import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Ray actor for {@link RayClusterSmokeTest}; needs nothing but the JDK in the worker. */
public class SmokeActor {

  public long pid() {
    return ProcessHandle.current().pid();
  }

  public String sha256(byte[] data) {
    return sha256Hex(data);
  }

  public int length(byte[] data) {
    return data.length;
  }

  public String jvmArgs() {
    return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
