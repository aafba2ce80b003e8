/**
 * The {@code arbor} command line (picocli).
 *
 * <p>{@link dev.arbor.app.cli.ArborCli} is the entry point. Subcommands are grouped under parent
 * commands such as {@code tree} and {@code bench}; to add a leaf command, write a picocli
 * {@code @Command} class and list it in its parent's {@code subcommands}. Exit codes: 0 success, 1
 * runtime error (one line on stderr, stack trace with {@code --verbose} or {@code ARBOR_DEBUG=1}),
 * 2 usage error.
 */
package dev.arbor.app.cli;
