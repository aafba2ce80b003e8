/**
 * Arbor's protobuf wire format ({@code arbor.v1}) and file helpers for it.
 *
 * <p>The schemas live in {@code resources/proto/arbor/v1/} and compile to {@code
 * dev.arbor.proto.v1}:
 *
 * <ul>
 *   <li>{@code task.proto}: {@code TaskSpec}, one task for an agent: instruction (issue text),
 *       repository snapshot, setup and test commands, FAIL_TO_PASS / PASS_TO_PASS test ids, allowed
 *       tools, limits and source metadata (repository, stars, license, version). {@code TaskSet} is
 *       a named list of them, the unit a suite is stored and imported as. Read by the sandbox on
 *       reset.
 *   <li>{@code tool.proto}: {@code ToolCall}, a call the model emitted (tool name, arguments, raw
 *       text), and {@code ToolResult}, the sandbox's answer (status, stdout, stderr, exit code,
 *       duration, bytes dropped by the output cap).
 *   <li>{@code trajectory.proto}: {@code TrajectoryMeta}, the summary of one episode: task and
 *       group, reward and advantage, how it ended, which policy versions produced it, turn, tool
 *       call and token counts, timestamps. The tokens themselves travel as Arrow, not protobuf.
 *   <li>{@code job.proto}: {@code JobSpec}, the basics of a training job: seed, model, actor roles
 *       with their Ray resources and restart limits, rollout and training settings, task suite.
 * </ul>
 *
 * <p>Versioning: the package is {@code arbor.v1} and changes to it are additive only. New fields
 * get new numbers; a field number, name or enum value is never reused, renumbered or retyped; a
 * retired field is marked {@code reserved}. Every enum's zero value is {@code *_UNSPECIFIED}, so an
 * unset field is never mistaken for a real value. An incompatible change would need a new package,
 * {@code arbor.v2}, side by side with v1.
 *
 * <p>Golden files guard the policy: {@code tree/src/test/resources/golden/proto/v1/*.binpb} hold
 * one fully populated message of each type, written once by the test program {@code GoldenProtos}.
 * The tests parse them with the current schema and require the same values and the same bytes back,
 * so a change that breaks old files fails the build. Regenerate them only when adding fields on
 * purpose, and keep the old bytes parseable.
 *
 * <p>{@link dev.arbor.tree.proto.ProtoFiles} reads and writes single messages and length-delimited
 * streams with errors that name the file, the byte offset and what was wrong.
 */
package dev.arbor.tree.proto;
