/**
 * The run's status page: a small web server on 127.0.0.1 ({@link StatusServer}) with one static
 * HTML page (job config, actors, live curves, recent trajectories as trees), JSON endpoints and a
 * Prometheus {@code /metrics} endpoint. Its data comes from a {@link RunStatusSource}: the live
 * driver's memory ({@link LiveRunStatus}) or a run folder on disk ({@link FileRunStatusSource}).
 */
package dev.arbor.app.status;
