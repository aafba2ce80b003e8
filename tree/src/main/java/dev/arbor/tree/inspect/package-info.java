/** Human-readable summaries of tree batches ({@code arbor tree inspect}). */
package dev.arbor.tree.inspect;
