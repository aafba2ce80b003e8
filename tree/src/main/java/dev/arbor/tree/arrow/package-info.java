/**
 * Arrow IPC encoding of batches of trajectory trees: how trees travel from the tree manager to the
 * trainer through Ray's object store, and how run folders store them.
 *
 * <h2>Schema {@code arbor.trajectory_tree}, version 1</h2>
 *
 * <p>One row per tree. Every column but {@code tree_id} is a non-null {@code list<T>} whose entries
 * are per node, per token or per trajectory of that row's tree. Schema metadata: {@code
 * arbor.schema = arbor.trajectory_tree}, {@code arbor.schema.version = 1}, and the codes of roles
 * ({@code arbor.roles}) and statuses ({@code arbor.statuses}). Readers reject other names or
 * versions; a new version is a new schema, and changes within a version are not allowed.
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><th>column</th><th>type</th><th>one entry per</th><th>meaning</th></tr>
 *   <tr><td>tree_id</td><td>utf8</td><td>tree</td><td>id of the tree (the rollout group)</td></tr>
 *   <tr><td>node_parent</td><td>list&lt;int32&gt;</td><td>node</td><td>index of the parent node in
 *       this list, -1 for children of the (implicit, empty) root. Nodes are in depth-first
 *       pre-order, so a parent always precedes its children.</td></tr>
 *   <tr><td>node_role</td><td>list&lt;int8&gt;</td><td>node</td><td>role code: 0 PROMPT, 1 MODEL,
 *       2 TOOL_CALL, 3 TOOL_RESULT, 4 ENV, 5 MEMORY. MODEL and TOOL_CALL tokens are
 *       trainable.</td></tr>
 *   <tr><td>node_length</td><td>list&lt;int32&gt;</td><td>node</td><td>number of tokens of the node
 *       (&gt; 0). Node n's tokens are token entries [sum of earlier lengths, + length).</td></tr>
 *   <tr><td>token_id</td><td>list&lt;int32&gt;</td><td>token</td><td>token id, tokens in node
 *       order (the packed order)</td></tr>
 *   <tr><td>token_logprob</td><td>list&lt;float32&gt;</td><td>token</td><td>log-prob under the
 *       rollout policy; 0 for context tokens</td></tr>
 *   <tr><td>token_entropy</td><td>list&lt;float32&gt;</td><td>token</td><td>entropy of the rollout
 *       distribution; 0 for context tokens</td></tr>
 *   <tr><td>token_version</td><td>list&lt;int32&gt;</td><td>token</td><td>policy version that
 *       generated the token; -1 for context tokens</td></tr>
 *   <tr><td>traj_id, traj_task_id, traj_group_id</td><td>list&lt;utf8&gt;</td><td>trajectory</td>
 *       <td>ids of the trajectory, its task and its rollout group</td></tr>
 *   <tr><td>traj_terminal_node</td><td>list&lt;int32&gt;</td><td>trajectory</td><td>node holding
 *       the trajectory's last token; the trajectory is the root path to the end of that
 *       node</td></tr>
 *   <tr><td>traj_segment_count</td><td>list&lt;int32&gt;</td><td>trajectory</td><td>number of
 *       segments of the trajectory</td></tr>
 *   <tr><td>segment_length</td><td>list&lt;int32&gt;</td><td>segment</td><td>segment lengths of
 *       all trajectories, trajectory after trajectory; they tile each root path</td></tr>
 *   <tr><td>traj_reward</td><td>list&lt;float64&gt;</td><td>trajectory</td><td>verifier
 *       reward</td></tr>
 *   <tr><td>traj_advantage</td><td>list&lt;float64&gt;</td><td>trajectory</td><td>advantage
 *       A'_i after the per-trajectory stage of the scaler ({@code dev.arbor.tree.advantage});
 *       per-token shaping is applied from the stored entropies at loss time. NaN until the tree
 *       manager computed it</td></tr>
 *   <tr><td>traj_status</td><td>list&lt;int8&gt;</td><td>trajectory</td><td>0 OK, 1 TRUNCATED,
 *       2 INFRA_FAILED (excluded from training)</td></tr>
 * </table>
 *
 * <p>Derived per token (not stored): the position id is the token's depth (a node's first token is
 * one deeper than its parent's last); the predecessor of a node's first token is its parent's last
 * token; token i may attend to token j iff j is on i's root path. In Python, {@code
 * pyarrow.ipc.open_file(path).read_all()} (or {@code open_stream} for the stream format) gives a
 * table with one row per tree.
 *
 * <p>Memory: writers and readers take a {@link org.apache.arrow.memory.BufferAllocator} and leave
 * it empty when they return or close, also on failure; the tests check this with a fresh allocator.
 */
package dev.arbor.tree.arrow;
