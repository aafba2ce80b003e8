package dev.arbor.tree;

/** Role of a segment. */
public enum Role {
  PROMPT,
  MODEL
}
