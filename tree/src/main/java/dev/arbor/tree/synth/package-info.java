/** Reproducible synthetic agentic workloads for benchmarks, samples and tests. */
package dev.arbor.tree.synth;
