package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.TaskSetFiles;
import dev.arbor.tasks.suite.miniswe.MiniSwe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arbor tasks list DIR}: summarises a task set (ids, repos, test counts, stars). */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Summarise a task set: a folder written by 'arbor tasks import' (or its tasks.binpb), or a",
      "mini-swe suite folder such as resources/tasks/mini-swe."
    })
final class TasksListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "Task set folder, tasks.binpb or suite folder.")
  Path path;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(
      names = "--max-rows",
      defaultValue = "50",
      description = "Tasks listed one per line in the text output (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() throws Exception {
    List<TaskSpec> tasks =
        MiniSwe.isSuiteFolder(path) ? MiniSwe.load(path).all() : TaskSetFiles.read(path);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(summary(tasks)));
    } else {
      out.print(render(tasks));
    }
    return ArborCli.EXIT_OK;
  }

  private static boolean hasStars(TaskSpec t) {
    return t.getLabelsMap().containsKey("stars_source") || t.getSource().getStars() > 0;
  }

  private static String repo(TaskSpec t) {
    return t.getSource().getRepository().isEmpty() ? "-" : t.getSource().getRepository();
  }

  private Map<String, Object> summary(List<TaskSpec> tasks) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("path", path.toString());
    s.put("tasks", tasks.size());
    Map<String, Integer> repos = new TreeMap<>();
    Map<String, Integer> suites = new TreeMap<>();
    long f2p = 0;
    long p2p = 0;
    List<Map<String, Object>> items = new ArrayList<>();
    for (TaskSpec t : tasks) {
      repos.merge(repo(t), 1, Integer::sum);
      suites.merge(t.getSuite(), 1, Integer::sum);
      f2p += t.getFailToPassCount();
      p2p += t.getPassToPassCount();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", t.getId());
      item.put("suite", t.getSuite());
      item.put("repo", t.getSource().getRepository());
      item.put("fail_to_pass", t.getFailToPassCount());
      item.put("pass_to_pass", t.getPassToPassCount());
      item.put("stars", hasStars(t) ? t.getSource().getStars() : null);
      item.put("version", t.getSource().getVersion());
      item.put("difficulty", t.getDifficulty());
      item.put("labels", new TreeMap<>(t.getLabelsMap()));
      items.add(item);
    }
    s.put("suites", suites);
    s.put("repositories", repos);
    s.put("fail_to_pass_tests", f2p);
    s.put("pass_to_pass_tests", p2p);
    s.put("with_star_data", tasks.stream().filter(TasksListCommand::hasStars).count());
    s.put("items", items);
    return s;
  }

  private String render(List<TaskSpec> tasks) {
    Map<String, Object> s = summary(tasks);
    @SuppressWarnings("unchecked")
    Map<String, Integer> repos = (Map<String, Integer>) s.get("repositories");
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("task set:      %s%n", path));
    sb.append(String.format("tasks:         %d%n", tasks.size()));
    sb.append(String.format("suites:        %s%n", s.get("suites")));
    sb.append(String.format("repositories:  %d%n", repos.size()));
    sb.append(
        String.format(
            "tests:         FAIL_TO_PASS %d, PASS_TO_PASS %d%n",
            s.get("fail_to_pass_tests"), s.get("pass_to_pass_tests")));
    sb.append(String.format("with stars:    %d%n", s.get("with_star_data")));
    int idWidth = Math.max(4, tasks.stream().mapToInt(t -> t.getId().length()).max().orElse(4));
    int repoWidth = Math.max(4, tasks.stream().mapToInt(t -> repo(t).length()).max().orElse(4));
    String row = "%-" + idWidth + "s  %-" + repoWidth + "s  %5s  %5s  %7s  %s%n";
    sb.append(String.format(row, "id", "repo", "F2P", "P2P", "stars", "version/labels"));
    int shown = 0;
    for (TaskSpec t : tasks) {
      if (shown++ == maxRows) {
        sb.append(String.format("... %d more (--max-rows)%n", tasks.size() - maxRows));
        break;
      }
      String extra =
          !t.getSource().getVersion().isEmpty()
              ? t.getSource().getVersion()
              : t.getLabelsMap().entrySet().stream()
                  .filter(e -> e.getKey().equals("lang") || e.getKey().equals("split"))
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .sorted()
                  .reduce((a, b) -> a + " " + b)
                  .orElse("");
      sb.append(
          String.format(
              row,
              t.getId(),
              repo(t),
              t.getFailToPassCount(),
              t.getPassToPassCount(),
              hasStars(t) ? Integer.toString(t.getSource().getStars()) : "-",
              extra));
    }
    return sb.toString();
  }
}
