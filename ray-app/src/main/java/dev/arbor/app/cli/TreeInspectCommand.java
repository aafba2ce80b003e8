package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.inspect.TreeSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arbor tree inspect FILE}: a readable summary of a tree batch file. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Summarise a tree batch (Arrow IPC file or stream): trajectories, nodes, packed and flat",
      "tokens, shared-prefix ratio, depth, branching, tokens per role, statuses."
    })
final class TreeInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Arrow file or stream written by Arbor.")
  Path file;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(
      names = "--max-rows",
      defaultValue = "20",
      description = "Trees listed one per line in the text output (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() throws Exception {
    List<TreeRecord> trees = TreeArrow.readFile(file);
    TreeSummary summary = TreeSummary.of(trees);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("file", file.toString());
      out.put("trees", summary.trees().size());
      out.put("trajectories", summary.trajectories());
      out.put("nodes", summary.nodes());
      out.put("flat_tokens", summary.flatTokens());
      out.put("packed_tokens", summary.packedTokens());
      out.put("shared_prefix_ratio", summary.sharedPrefixRatio());
      out.put("max_depth_tokens", summary.maxDepthTokens());
      out.put("max_depth_nodes", summary.maxDepthNodes());
      out.put("packed_tokens_by_role", summary.packedTokensByRole());
      out.put("trajectories_by_status", summary.trajectoriesByStatus());
      out.put("per_tree", summary.trees());
      spec.commandLine()
          .getOut()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(out));
    } else {
      spec.commandLine().getOut().print(summary.render(file.toString(), maxRows));
    }
    return ArborCli.EXIT_OK;
  }
}
