/**
 * Verifiers: running a task's tests and turning their outcome into a {@link
 * dev.arbor.tasks.env.Reward} ({@link dev.arbor.tasks.env.verify.TestVerifier}), with pluggable
 * parsers of test-runner logs ({@link dev.arbor.tasks.env.verify.TestLogParser}: pytest, unittest /
 * Django) and test ids normalised across runners ({@link dev.arbor.tasks.env.verify.TestIds}).
 */
package dev.arbor.tasks.env.verify;
