/**
 * Metrics of the actors, exported through Ray's Java metrics (shown by the Ray dashboard and its
 * Prometheus endpoint where the cluster has them) and a no-op where Ray's metric runtime is absent
 * (LOCAL mode, unit tests). Arbor's own {@code metrics.jsonl} is written by the trainer's
 * listeners.
 */
package dev.arbor.actors.metrics;
