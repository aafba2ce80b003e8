/**
 * Ray actors of an Arbor job (DESIGN.md §1, §2, §9): {@code TreeManagerActor}, {@code
 * TrainerActor}, {@code PolicyActor}, {@code SandboxActor}.
 *
 * <p>Each role has a plain Java core (the "API": no Ray types, runs in-process in unit tests) and a
 * thin Ray-side class that holds the core and speaks only in types Ray serializes cheaply and
 * safely: primitives, {@code String}, {@code byte[]} and {@code ObjectRef}s. Structured replies are
 * JSON ({@link dev.arbor.actors.Wire}), because Ray's fallback serializer (FST) cannot rebuild Java
 * records. Algorithms stay in {@code tree}, {@code trainer} and {@code tasks}.
 */
package dev.arbor.actors;
