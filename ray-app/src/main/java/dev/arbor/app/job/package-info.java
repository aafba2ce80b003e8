/**
 * An Arbor job on Ray: its configuration ({@link dev.arbor.app.job.JobConfig}, read from {@code
 * resources/jobs/*.yaml}), the placement check of its roles against the cluster's resources, and
 * {@link dev.arbor.app.job.Job}, which creates the named actors of every role and tears them down.
 */
package dev.arbor.app.job;
