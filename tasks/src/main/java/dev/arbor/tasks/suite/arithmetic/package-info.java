/**
 * The {@code arithmetic-tools} suite: generated multi-step word problems solved with a calculator
 * tool over several turns, at five difficulty levels ({@link
 * dev.arbor.tasks.suite.arithmetic.Level}), with a held-out test split ({@link
 * dev.arbor.tasks.suite.arithmetic.ProblemGenerator}) and an exact verifier ({@link
 * dev.arbor.tasks.suite.arithmetic.AnswerVerifier}). Numbers are exact rationals throughout, with
 * the same calculator the agent's {@code calc} tool uses ({@link
 * dev.arbor.tasks.tools.calc.Rational}, {@link dev.arbor.tasks.tools.calc.Calculator}). Teacher
 * trajectories for its problems come from {@code dev.arbor.tasks.teacher.ArithmeticTeacher}.
 */
package dev.arbor.tasks.suite.arithmetic;
