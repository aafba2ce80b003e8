package dev.arbor.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version lines for {@code --version}: the project version (filtered in by Maven) and the JVM. */
public final class VersionProvider implements IVersionProvider {

  private static final String RESOURCE = "version.properties";

  /** The Arbor project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String arborVersion() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "arbor " + arborVersion(),
      "JVM: "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), OS: "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }
}
