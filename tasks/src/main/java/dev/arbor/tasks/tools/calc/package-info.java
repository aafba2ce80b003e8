/**
 * Exact arithmetic for the {@code calc} tool: {@link dev.arbor.tasks.tools.calc.Rational} numbers
 * and the expression evaluator {@link dev.arbor.tasks.tools.calc.Calculator}.
 */
package dev.arbor.tasks.tools.calc;
