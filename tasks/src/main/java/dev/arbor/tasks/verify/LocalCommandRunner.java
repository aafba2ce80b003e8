package dev.arbor.tasks.verify;

import dev.arbor.tasks.sandbox.LocalWorkspace;
import dev.arbor.tasks.tools.patch.PatchApplier;
import dev.arbor.tasks.tools.patch.PatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as plain child processes in a directory: no confinement, no resource limits beyond
 * the wall clock. For trusted code only: validating the shipped suites and tests. Agents' commands
 * go through the sandbox.
 *
 * <p>Output goes to temporary files (no pipe can fill up and block the child) and is kept up to
 * {@code outputCapBytes} per stream. On timeout the process and all its descendants are killed.
 * {@code PYTHONDONTWRITEBYTECODE=1} is set so that Python leaves no caches in the working copy.
 */
public final class LocalCommandRunner implements CommandRunner {
  /** The command name {@link #applyPatch} results carry (no process runs). */
  public static final String APPLY_PATCH = "apply_patch";

  /** Bytes of each stream kept by default. */
  public static final int DEFAULT_OUTPUT_CAP = 1 << 20;

  private final Path workdir;
  private final Map<String, String> env;
  private final int outputCapBytes;

  public LocalCommandRunner(Path workdir) {
    this(workdir, Map.of(), DEFAULT_OUTPUT_CAP);
  }

  /**
   * @param workdir the working copy, the commands' current directory
   * @param env variables added to the inherited environment
   * @param outputCapBytes bytes of stdout and of stderr kept
   */
  public LocalCommandRunner(Path workdir, Map<String, String> env, int outputCapBytes) {
    if (!Files.isDirectory(workdir)) {
      throw new IllegalArgumentException("working copy " + workdir + " is not a directory");
    }
    if (outputCapBytes < 1) {
      throw new IllegalArgumentException("outputCapBytes must be >= 1, got " + outputCapBytes);
    }
    this.workdir = workdir;
    this.env = Map.copyOf(env);
    this.outputCapBytes = outputCapBytes;
  }

  public Path workdir() {
    return workdir;
  }

  @Override
  public CommandResult run(String command, String stdin, Duration timeout) throws IOException {
    Path out = Files.createTempFile("arbor-cmd-", ".out");
    Path err = Files.createTempFile("arbor-cmd-", ".err");
    long start = System.nanoTime();
    try {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(workdir.toFile());
      pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException closedEarly) {
        // The command did not read all of its input; its exit code says what happened.
      }
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      return new CommandResult(command, done ? p.exitValue() : -1, read(out), read(err), !done, ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running: " + command, e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private String read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(outputCapBytes);
      String text = new String(head, StandardCharsets.UTF_8);
      return size > outputCapBytes
          ? text + "\n[... " + (size - outputCapBytes) + " bytes cut ...]\n"
          : text;
    }
  }

  @Override
  public CommandResult applyPatch(String patch) throws IOException {
    long start = System.nanoTime();
    String stdout = "";
    String stderr = "";
    int exit = 0;
    try {
      PatchApplier.Summary s = PatchApplier.apply(patch, LocalWorkspace.of(workdir));
      StringBuilder out = new StringBuilder();
      for (String path : PatchApplier.paths(patch)) {
        if (!s.deleted().contains(path) || s.modified().contains(path)) {
          out.append("patching file ").append(path).append('\n');
        } else {
          out.append("deleting file ").append(path).append('\n');
        }
      }
      stdout = out.toString();
    } catch (PatchException e) {
      exit = 1;
      stderr = e.getMessage() + "\n";
    }
    return new CommandResult(
        APPLY_PATCH, exit, stdout, stderr, false, (System.nanoTime() - start) / 1_000_000);
  }
}
