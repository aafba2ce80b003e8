/**
 * The sandbox benchmark behind {@code arbor bench sandbox}: {@link
 * dev.arbor.tasks.bench.SandboxBenchmark}.
 */
package dev.arbor.tasks.bench;
