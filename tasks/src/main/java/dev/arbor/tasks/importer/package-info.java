/**
 * Import of SWE-bench-format JSON Lines into {@code TaskSpec}s ({@link
 * dev.arbor.tasks.importer.SweBenchImporter}): tolerant of what real files contain (test lists as
 * JSON text or lists, numeric versions, CRLF patches, unknown keys, any UTF-8, CRLF line ends),
 * strict about what a task needs, and reporting every rejected line with its number and reason
 * ({@link dev.arbor.tasks.importer.ImportReport}). Stars filter from the rows or a {@link
 * dev.arbor.tasks.importer.StarsFile}. The CLI is {@code arbor tasks import --format swebench}.
 */
package dev.arbor.tasks.importer;
