/**
 * Deliberately broken code, shaped like Arbor's modules, that {@code ArchitectureTest} uses to
 * prove its rules report violations. Excluded from the real architecture check.
 */
package dev.arbor.archfixture;
