/**
 * Glue between the Arbor driver and Ray's Java runtime: how the driver JVM configures Ray before
 * {@code Ray.init()} (Ray reads its configuration from system properties) and cleans up after it.
 */
package dev.arbor.app.ray;
