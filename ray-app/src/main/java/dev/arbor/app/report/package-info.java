/**
 * What a run leaves for people after it ends: PNG plots of its curves made from {@code
 * metrics.jsonl} (XChart, headless) and the text behind {@code arbor report}.
 */
package dev.arbor.app.report;
