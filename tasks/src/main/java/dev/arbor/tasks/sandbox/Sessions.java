package dev.arbor.tasks.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kills the processes of a session by scanning {@code /proc}: the cleanup of last resort when a
 * command runs with neither a pid namespace nor a cgroup. Processes are killed through {@link
 * ProcessHandle}, which checks the start time, so a reused pid is never hit. Processes that started
 * a session of their own ({@code setsid}) are not found this way.
 */
final class Sessions {
  private Sessions() {}

  /** SIGKILL to every process whose session id is {@code sid}; a few rounds for late forks. */
  static void kill(long sid) {
    for (int round = 0; round < 5; round++) {
      if (killRound(sid) == 0) {
        return;
      }
    }
  }

  private static int killRound(long sid) {
    int found = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path d : ds) {
        long pid = Long.parseLong(d.getFileName().toString());
        if (sessionOf(d) == sid) {
          found++;
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException | RuntimeException e) {
      // /proc unreadable: nothing more to do
    }
    return found;
  }

  /** Field 6 of /proc/PID/stat (after the command name in parentheses); -1 if unreadable. */
  private static long sessionOf(Path procDir) {
    try {
      String stat = Files.readString(procDir.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] state, f[1] ppid, f[2] pgrp, f[3] session
      return Long.parseLong(f[3]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
