package dev.arbor.tasks.importer;

/** Why the importer rejected a line. */
public enum RejectReason {
  INVALID_UTF8("invalid UTF-8"),
  MALFORMED_JSON("malformed JSON"),
  NOT_AN_OBJECT("not a JSON object"),
  MISSING_FIELD("missing field"),
  WRONG_TYPE("wrong type"),
  EMPTY_FIELD("empty field"),
  BAD_VALUE("bad value"),
  BAD_TEST_LIST("bad test list"),
  NOT_A_DIFF("patch is not a unified diff"),
  DUPLICATE_ID("duplicate instance_id"),
  BELOW_MIN_STARS("below --min-stars"),
  NO_STAR_DATA("no star data (--require-stars)");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  /** How the report names the reason. */
  public String label() {
    return label;
  }
}
