/**
 * Sandboxes: where an episode's tool calls run (DESIGN.md §8).
 *
 * <p>A {@link dev.arbor.tasks.sandbox.Sandbox} is a private working copy of the task's repository
 * plus a way to run shell commands in it. {@link dev.arbor.tasks.sandbox.ProcessSandboxFactory}
 * makes them from host processes, with the strongest {@link dev.arbor.tasks.sandbox.Isolation} the
 * machine offers:
 *
 * <table>
 *   <caption>What each isolation gives</caption>
 *   <tr><th></th><th>BUBBLEWRAP</th><th>UNSHARE</th><th>NONE</th></tr>
 *   <tr><td>network</td><td>none (own loopback)</td><td>none</td><td>host's</td></tr>
 *   <tr><td>file system writes</td><td>working copy and a private /tmp only</td>
 *       <td>anywhere the user may</td><td>anywhere the user may</td></tr>
 *   <tr><td>processes that outlive a command</td><td>killed (pid namespace)</td>
 *       <td>killed (pid namespace)</td><td>killed via cgroup, else by session scan</td></tr>
 *   <tr><td>file tools</td><td colspan="3">confined to the working copy in all modes</td></tr>
 * </table>
 *
 * <p>Every command, whatever the isolation: its own session and process group ({@code setsid});
 * limits on wall clock (the process tree is killed), CPU time, address space and file size (rlimits
 * set by a wrapper shell), processes (a pids cgroup where the host allows one, see {@code
 * PidsCgroup}); output capped with head and tail kept; an environment of {@code PATH}, {@code HOME}
 * (the working copy), {@code LANG}, {@code LC_ALL}, {@code TERM}, {@code TMPDIR} and configured
 * extras only. A failure of the sandbox itself is a {@link dev.arbor.tasks.InfraFailure}, never an
 * error result of the command.
 *
 * <p>A container backend is sketched as {@link dev.arbor.tasks.sandbox.ContainerBackend} only; no
 * container runtime runs on the development machines.
 */
package dev.arbor.tasks.sandbox;
