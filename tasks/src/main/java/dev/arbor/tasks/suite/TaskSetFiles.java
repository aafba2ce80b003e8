package dev.arbor.tasks.suite;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tree.proto.ProtoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A task set on disk, a folder with:
 *
 * <ul>
 *   <li>{@value #TASKS_FILE}: the tasks as a length-delimited stream of {@code arbor.v1.TaskSpec}
 *       ({@link ProtoFiles#writeDelimited}), readable message by message;
 *   <li>{@value #INDEX_FILE}: one tab-separated line per task for people and shell tools: id,
 *       suite, repo, base_commit, FAIL_TO_PASS and PASS_TO_PASS counts, stars, version, created_at.
 * </ul>
 *
 * Teacher trajectories of the tasks may sit next to them as {@code teacher.jsonl} ({@code
 * teacher.TeacherStore}).
 */
public final class TaskSetFiles {
  public static final String TASKS_FILE = "tasks.binpb";
  public static final String INDEX_FILE = "index.tsv";
  public static final String INDEX_HEADER =
      "id\tsuite\trepo\tbase_commit\tfail_to_pass\tpass_to_pass\tstars\tversion\tcreated_at";

  private TaskSetFiles() {}

  /** Writes {@code tasks} into {@code dir} (created if needed), replacing both files. */
  public static void write(Path dir, List<TaskSpec> tasks) throws IOException {
    Files.createDirectories(dir);
    ProtoFiles.writeDelimited(dir.resolve(TASKS_FILE), tasks);
    StringBuilder sb = new StringBuilder(INDEX_HEADER).append('\n');
    for (TaskSpec t : tasks) {
      sb.append(cell(t.getId()))
          .append('\t')
          .append(cell(t.getSuite()))
          .append('\t')
          .append(cell(t.getSource().getRepository()))
          .append('\t')
          .append(cell(t.getRepository().getBaseCommit()))
          .append('\t')
          .append(t.getFailToPassCount())
          .append('\t')
          .append(t.getPassToPassCount())
          .append('\t')
          .append(t.getLabelsMap().containsKey("stars_source") ? t.getSource().getStars() : "")
          .append('\t')
          .append(cell(t.getSource().getVersion()))
          .append('\t')
          .append(cell(t.getSource().getCreatedAt()))
          .append('\n');
    }
    Files.writeString(dir.resolve(INDEX_FILE), sb, StandardCharsets.UTF_8);
  }

  /**
   * Reads a task set: {@code path} is a folder holding {@value #TASKS_FILE}, or such a file.
   *
   * @throws IOException naming the file if it is missing or not a TaskSpec stream
   */
  public static List<TaskSpec> read(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(TASKS_FILE) : path;
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + ": no such file (a task set folder holds "
              + TASKS_FILE
              + ", written by"
              + " 'arbor tasks import')");
    }
    return ProtoFiles.readDelimited(file, TaskSpec.getDefaultInstance());
  }

  private static String cell(String s) {
    return s.replaceAll("[\t\r\n]", " ");
  }
}
