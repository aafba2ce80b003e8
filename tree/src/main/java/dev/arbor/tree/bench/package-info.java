/** The tree benchmark ({@code arbor bench tree}): a program that measures, not a test. */
package dev.arbor.tree.bench;
