package dev.arbor.tasks.tools;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.InfraFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of an episode by name, and the one place where a {@link ToolCall} becomes a {@link
 * ToolResult}. {@link #call} never throws: the agent's mistakes (unknown tool, bad arguments, a
 * malformed call from {@link ToolCallParser}, a path outside the working copy) are ERROR results it
 * can read; failures of the infrastructure are INFRA_ERROR results.
 */
public final class ToolRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);

  /** The tools of repository tasks, offered when a task lists no {@code allowed_tools}. */
  public static final List<String> REPO_TOOLS =
      List.of(
          RunTool.NAME,
          ReadFileTool.NAME,
          WriteFileTool.NAME,
          ApplyPatchTool.NAME,
          ListDirTool.NAME,
          SubmitTool.NAME);

  private final Map<String, Tool> tools;
  private final Set<String> defaults;

  /**
   * @param tools the tools, in the order prompts list them
   * @param defaults names offered to a task whose {@code allowed_tools} is empty
   */
  public ToolRegistry(List<Tool> tools, Collection<String> defaults) {
    Map<String, Tool> m = new LinkedHashMap<>();
    for (Tool t : tools) {
      if (m.put(t.spec().name(), t) != null) {
        throw new IllegalArgumentException("two tools named '" + t.spec().name() + "'");
      }
    }
    for (String d : defaults) {
      if (!m.containsKey(d)) {
        throw new IllegalArgumentException("default tool '" + d + "' is not among the tools");
      }
    }
    this.tools = m;
    this.defaults = new LinkedHashSet<>(defaults);
  }

  /**
   * All built-in tools: run, read_file, write_file, apply_patch, list_dir, submit, calc; the
   * default set is {@link #REPO_TOOLS}.
   */
  public static ToolRegistry standard() {
    return new ToolRegistry(
        List.of(
            new RunTool(),
            new ReadFileTool(),
            new WriteFileTool(),
            new ApplyPatchTool(),
            new ListDirTool(),
            new SubmitTool(),
            new CalcTool()),
        REPO_TOOLS);
  }

  /**
   * The tools {@code task} may use: its {@code allowed_tools}, or this registry's defaults when it
   * lists none.
   *
   * @throws IllegalArgumentException naming the task and the unknown names
   */
  public ToolRegistry forTask(TaskSpec task) {
    List<String> names =
        task.getAllowedToolsList().isEmpty() ? List.copyOf(defaults) : task.getAllowedToolsList();
    List<String> unknown = names.stream().filter(n -> !tools.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "task '%s': allowed_tools names unknown tools %s; known tools: %s",
              task.getId(), unknown, String.join(", ", tools.keySet())));
    }
    List<Tool> selected = new ArrayList<>();
    for (String n : tools.keySet()) {
      if (names.contains(n)) {
        selected.add(tools.get(n));
      }
    }
    return new ToolRegistry(selected, names);
  }

  /** Specs of the tools, in order. */
  public List<ToolSpec> specs() {
    return tools.values().stream().map(Tool::spec).toList();
  }

  public Set<String> names() {
    return tools.keySet();
  }

  /** Runs one call; never throws. */
  public ToolResult call(ToolCall call, ToolContext ctx) {
    long t0 = System.nanoTime();
    ToolOutput out = dispatch(call, ctx);
    return ToolResult.newBuilder()
        .setCallId(call.getCallId())
        .setToolName(call.getToolName())
        .setStatus(out.status())
        .setStdout(out.stdout())
        .setStderr(out.stderr())
        .setExitCode(out.exitCode())
        .setDurationMs((System.nanoTime() - t0) / 1_000_000)
        .setTruncatedBytes(out.truncatedBytes())
        .build();
  }

  private ToolOutput dispatch(ToolCall call, ToolContext ctx) {
    if (call.getToolName().isEmpty()) {
      String parseError = call.getArgumentsMap().get(ToolCallParser.ERROR_ARGUMENT);
      return ToolOutput.error(
          parseError != null ? parseError : "tool call without a tool name; " + available());
    }
    Tool tool = tools.get(call.getToolName());
    if (tool == null) {
      return ToolOutput.error("unknown tool '" + call.getToolName() + "'; " + available());
    }
    try {
      return tool.call(ToolArgs.check(tool.spec(), call.getArgumentsMap()), ctx);
    } catch (ToolException e) {
      return ToolOutput.error(e.getMessage());
    } catch (IOException e) {
      return ToolOutput.error(call.getToolName() + ": " + describe(e));
    } catch (InfraFailure e) {
      LOG.warn(
          "tool {} (call {}): infrastructure failure: {}",
          call.getToolName(),
          call.getCallId(),
          e.getMessage());
      return ToolOutput.infraError(e.getMessage());
    } catch (RuntimeException e) {
      // A bug of ours, not the agent's doing: do not score the episode on it.
      LOG.error("tool {} (call {}) failed", call.getToolName(), call.getCallId(), e);
      return ToolOutput.infraError(call.getToolName() + " failed inside Arbor: " + e);
    }
  }

  private String available() {
    return "available tools: " + String.join(", ", tools.keySet());
  }

  /** IOException messages for a model: the JDK's exception names say little. */
  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return "already exists: " + f.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
