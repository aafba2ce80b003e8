/**
 * Unified diffs: {@link dev.arbor.tasks.tools.patch.UnifiedDiff} parses them, {@link
 * dev.arbor.tasks.tools.patch.PatchApplier} applies them to a working copy exactly (no fuzz), all
 * or nothing, CRLF kept verbatim.
 */
package dev.arbor.tasks.tools.patch;
