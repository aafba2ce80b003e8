package dev.arbor.actors.sandbox;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.InfraFailure;
import dev.arbor.tasks.env.Environment;
import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.tools.ToolCallFormat;
import dev.arbor.tasks.tools.ToolCallParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox role without Ray: up to {@code slots} concurrent episodes, each in its own {@link
 * Environment}, keyed by episode id, at the level of text the policy reads and writes. A turn's
 * tool calls are parsed from the model's text ({@link ToolCallParser}) and their results rendered
 * back ({@link ToolCallFormat#render}, blocks joined by a newline).
 *
 * <p>Infrastructure failures are reported, not thrown: an episode id this host does not know (its
 * actor restarted and lost it), a task that cannot be set up, or a tool that failed for reasons of
 * the infrastructure mark the episode INFRA_FAILED, which the driver reschedules.
 */
public final class Episodes implements EpisodeHost, AutoCloseable {

  /**
   * The start of an episode: the system text (tool instructions, shared by the suite's tasks) and
   * the first user message (the task's instruction).
   */
  public record Start(
      String episodeId, String system, String user, boolean infraFailed, String error) {}

  /**
   * A turn's result: the rendered tool results, how many calls ran, whether the episode is over.
   */
  public record Turn(String text, int calls, boolean done, boolean infraFailed) {}

  /** The end of an episode: its reward, or INFRA_FAILED with the reason in {@code details}. */
  public record End(double reward, boolean infraFailed, String details) {}

  private final EnvironmentFactory factory;
  private final int slots;
  private final Map<String, Episode> open = new LinkedHashMap<>();

  private static final class Episode {
    final Environment env;
    int turns;
    boolean infraFailed;

    Episode(Environment env) {
      this.env = env;
    }
  }

  public Episodes(EnvironmentFactory factory, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("sandbox slots must be >= 1, got " + slots);
    }
    this.factory = factory;
    this.slots = slots;
  }

  /** Starts episode {@code episodeId} of a task ({@code TaskSpec} protobuf bytes). */
  public Start reset(String episodeId, byte[] taskSpec) {
    TaskSpec task;
    try {
      task = TaskSpec.parseFrom(taskSpec);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("episode " + episodeId + ": bad TaskSpec bytes", e);
    }
    return reset(episodeId, task);
  }

  @Override
  public Start reset(String episodeId, TaskSpec task) {
    if (open.containsKey(episodeId)) {
      throw new IllegalArgumentException("episode " + episodeId + " is already open");
    }
    if (open.size() >= slots) {
      throw new IllegalStateException(
          "all " + slots + " environments of this sandbox are busy; finish an episode first");
    }
    Environment env = factory.create();
    try {
      Observation obs = env.reset(task);
      open.put(episodeId, new Episode(env));
      return new Start(episodeId, obs.system(), obs.user(), false, "");
    } catch (InfraFailure e) {
      env.close();
      return new Start(episodeId, "", "", true, String.valueOf(e.getMessage()));
    }
  }

  /** Runs the tool calls in the model's turn text. */
  @Override
  public Turn step(String episodeId, String modelTurnText) {
    Episode e = open.get(episodeId);
    if (e == null) {
      return new Turn(unknown(episodeId), 0, true, true);
    }
    e.turns++;
    List<ToolCall> calls = ToolCallParser.parse(modelTurnText, episodeId + "-" + e.turns + "-");
    List<ToolResult> results = e.env.step(calls);
    for (ToolResult r : results) {
      e.infraFailed |= r.getStatus() == ToolStatus.TOOL_STATUS_INFRA_ERROR;
    }
    return new Turn(
        ToolCallFormat.renderResults(results),
        calls.size(),
        e.env.done() || e.infraFailed,
        e.infraFailed);
  }

  /** Scores and closes the episode. */
  @Override
  public End finish(String episodeId) {
    Episode e = open.remove(episodeId);
    if (e == null) {
      return new End(0, true, unknown(episodeId));
    }
    try (Environment env = e.env) {
      if (e.infraFailed) {
        return new End(0, true, "a tool call failed for reasons of the infrastructure");
      }
      Reward r = env.verify();
      return new End(r.score(), r.isInfraFailure(), r.details());
    }
  }

  /** Episodes open now. */
  public int openEpisodes() {
    return open.size();
  }

  private static String unknown(String episodeId) {
    return "episode "
        + episodeId
        + " is not open on this sandbox (never reset, already finished, or lost when the actor"
        + " restarted)";
  }

  @Override
  public void close() {
    for (Episode e : open.values()) {
      e.env.close();
    }
    open.clear();
  }
}
