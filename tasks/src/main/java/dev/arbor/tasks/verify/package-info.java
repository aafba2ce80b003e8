/**
 * Verification of test-checked tasks: run a task's test commands in a working copy through a {@link
 * dev.arbor.tasks.verify.CommandRunner} (the sandbox, or {@link
 * dev.arbor.tasks.verify.LocalCommandRunner} for trusted code), read per-test results with the
 * task's {@link dev.arbor.tasks.verify.TestLogFormat}, and judge FAIL_TO_PASS / PASS_TO_PASS
 * ({@link dev.arbor.tasks.verify.TestVerifier}). Patches are read and applied by {@code
 * dev.arbor.tasks.tools.patch} (one parser, one exact applier).
 */
package dev.arbor.tasks.verify;
