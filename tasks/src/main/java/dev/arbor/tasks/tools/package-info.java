/**
 * Tools an agent calls, and the text format it calls them in.
 *
 * <h2>Tool-call format</h2>
 *
 * A model's turn may contain any text plus zero or more blocks
 *
 * <pre>
 * &lt;tool_call&gt;{"name": "run", "arguments": {"cmd": "python -m pytest -q"}}&lt;/tool_call&gt;
 * </pre>
 *
 * Rules, checked strictly by {@link dev.arbor.tasks.tools.ToolCallParser}:
 *
 * <ul>
 *   <li>between {@code <tool_call>} and {@code </tool_call>} stands exactly one JSON object (RFC
 *       8259: double quotes, no comments, no trailing commas, control characters escaped),
 *       whitespace around it allowed;
 *   <li>the object has exactly two keys: {@code "name"} (a non-empty string) and {@code
 *       "arguments"} (an object, {@code {}} for none); duplicate keys are errors;
 *   <li>argument values are strings; numbers and booleans are accepted and passed on as their JSON
 *       text ({@code 30} becomes {@code "30"}); null, arrays and objects are errors;
 *   <li>a {@code </tool_call>} inside a JSON string does not end the block (the JSON is parsed, not
 *       searched);
 *   <li>several blocks per turn (at most {@value dev.arbor.tasks.tools.ToolCallParser#MAX_CALLS})
 *       run in parallel; results come back in the order of the blocks;
 *   <li>text outside blocks is ignored; a {@code </tool_call>} without an opening tag is an error.
 * </ul>
 *
 * A block that breaks a rule is not dropped: it yields an ERROR result whose message names the
 * problem (with line and column for JSON errors) and shows the expected form, so the model can
 * correct itself in the next turn. Parsing never throws.
 *
 * <p>Results are shown to the model by {@link dev.arbor.tasks.tools.ToolCallFormat#render} as
 * {@code <tool_result name="run" status="error" exit_code="1">...</tool_result>}.
 *
 * <h2>Tools</h2>
 *
 * <table>
 *   <caption>Built-in tools ({@link dev.arbor.tasks.tools.ToolRegistry#standard()})</caption>
 *   <tr><td>{@code run(cmd, timeout_s?)}</td><td>shell command in the sandbox</td></tr>
 *   <tr><td>{@code read_file(path, start_line?, end_line?)}</td><td>a file or a line range</td></tr>
 *   <tr><td>{@code write_file(path, content)}</td><td>create or replace a file</td></tr>
 *   <tr><td>{@code apply_patch(patch)}</td><td>unified diff, all or nothing, exact match</td></tr>
 *   <tr><td>{@code list_dir(path?, depth?)}</td><td>folder listing</td></tr>
 *   <tr><td>{@code submit(answer?)}</td><td>end the episode</td></tr>
 *   <tr><td>{@code calc(expr)}</td><td>exact rational arithmetic (arithmetic suite)</td></tr>
 * </table>
 *
 * A task's {@code allowed_tools} selects among them ({@link
 * dev.arbor.tasks.tools.ToolRegistry#forTask}); an empty list means run, read_file, write_file,
 * apply_patch, list_dir and submit. Paths are relative to the working copy and confined to it in
 * every sandbox mode.
 */
package dev.arbor.tasks.tools;
