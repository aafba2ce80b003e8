/**
 * The {@code mini-swe} suite: small real repositories (Python with unittest or pytest, Java with a
 * TAP-printing test main, shell) with a bug, an issue, FAIL_TO_PASS / PASS_TO_PASS tests and a gold
 * patch, loaded from {@code resources/tasks/mini-swe} by {@link
 * dev.arbor.tasks.suite.miniswe.MiniSwe}. Tasks are verified by running their test commands in the
 * episode's sandbox ({@link dev.arbor.tasks.env.verify.TestVerifier}).
 */
package dev.arbor.tasks.suite.miniswe;
