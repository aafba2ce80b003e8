package dev.arbor.tree.arrow;

import dev.arbor.tree.Role;
import dev.arbor.tree.TrajectoryStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of a batch of trajectory trees, version {@value #VERSION}. One row is one tree;
 * every column is a list whose entries are per node, per token or per trajectory of that tree. See
 * the package documentation for the meaning of each column.
 */
public final class TreeSchema {
  /** Schema version, stored in the metadata key {@value #VERSION_KEY}. */
  public static final String VERSION = "1";

  public static final String NAME_KEY = "arbor.schema";
  public static final String NAME = "arbor.trajectory_tree";
  public static final String VERSION_KEY = "arbor.schema.version";
  public static final String ROLES_KEY = "arbor.roles";
  public static final String STATUSES_KEY = "arbor.statuses";

  public static final String TREE_ID = "tree_id";
  public static final String NODE_PARENT = "node_parent";
  public static final String NODE_ROLE = "node_role";
  public static final String NODE_LENGTH = "node_length";
  public static final String TOKEN_ID = "token_id";
  public static final String TOKEN_LOGPROB = "token_logprob";
  public static final String TOKEN_ENTROPY = "token_entropy";
  public static final String TOKEN_VERSION = "token_version";
  public static final String TRAJ_ID = "traj_id";
  public static final String TRAJ_TASK_ID = "traj_task_id";
  public static final String TRAJ_GROUP_ID = "traj_group_id";
  public static final String TRAJ_TERMINAL_NODE = "traj_terminal_node";
  public static final String TRAJ_SEGMENT_COUNT = "traj_segment_count";
  public static final String SEGMENT_LENGTH = "segment_length";
  public static final String TRAJ_REWARD = "traj_reward";
  public static final String TRAJ_ADVANTAGE = "traj_advantage";
  public static final String TRAJ_STATUS = "traj_status";

  private static final ArrowType INT8 = new ArrowType.Int(8, true);
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType FLOAT32 =
      new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  private static final ArrowType FLOAT64 =
      new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field(TREE_ID, FieldType.notNullable(UTF8), null),
              list(NODE_PARENT, INT32),
              list(NODE_ROLE, INT8),
              list(NODE_LENGTH, INT32),
              list(TOKEN_ID, INT32),
              list(TOKEN_LOGPROB, FLOAT32),
              list(TOKEN_ENTROPY, FLOAT32),
              list(TOKEN_VERSION, INT32),
              list(TRAJ_ID, UTF8),
              list(TRAJ_TASK_ID, UTF8),
              list(TRAJ_GROUP_ID, UTF8),
              list(TRAJ_TERMINAL_NODE, INT32),
              list(TRAJ_SEGMENT_COUNT, INT32),
              list(SEGMENT_LENGTH, INT32),
              list(TRAJ_REWARD, FLOAT64),
              list(TRAJ_ADVANTAGE, FLOAT64),
              list(TRAJ_STATUS, INT8)),
          metadata());

  private TreeSchema() {}

  /** The schema, with its name, version and the role and status codes in the metadata. */
  public static Schema schema() {
    return SCHEMA;
  }

  private static Field list(String name, ArrowType element) {
    return new Field(
        name,
        FieldType.notNullable(ArrowType.List.INSTANCE),
        List.of(new Field("item", FieldType.notNullable(element), null)));
  }

  private static Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(NAME_KEY, NAME);
    m.put(VERSION_KEY, VERSION);
    StringBuilder roles = new StringBuilder();
    for (Role r : Role.values()) {
      roles.append(roles.length() == 0 ? "" : ",").append(r.code()).append('=').append(r);
    }
    m.put(ROLES_KEY, roles.toString());
    StringBuilder statuses = new StringBuilder();
    for (TrajectoryStatus s : TrajectoryStatus.values()) {
      statuses.append(statuses.length() == 0 ? "" : ",").append(s.code()).append('=').append(s);
    }
    m.put(STATUSES_KEY, statuses.toString());
    return m;
  }

  /**
   * Checks that {@code actual} is a tree schema this code can read: same name, same version, same
   * columns and types. Returns null when it is, else what is wrong.
   */
  static String mismatch(Schema actual) {
    Map<String, String> meta = actual.getCustomMetadata();
    String name = meta == null ? null : meta.get(NAME_KEY);
    if (!NAME.equals(name)) {
      return "not an Arbor tree batch (schema metadata "
          + NAME_KEY
          + " is "
          + (name == null ? "missing" : "'" + name + "'")
          + ")";
    }
    String version = meta.get(VERSION_KEY);
    if (!VERSION.equals(version)) {
      return "tree schema version "
          + version
          + " is not supported (this build reads "
          + VERSION
          + ")";
    }
    List<Field> want = SCHEMA.getFields();
    List<Field> got = actual.getFields();
    for (Field w : want) {
      Field g = got.stream().filter(f -> f.getName().equals(w.getName())).findFirst().orElse(null);
      if (g == null) {
        return "column '" + w.getName() + "' is missing";
      }
      if (!g.getType().equals(w.getType())
          || (w.getChildren().size() == 1
              && (g.getChildren().size() != 1
                  || !g.getChildren().get(0).getType().equals(w.getChildren().get(0).getType())))) {
        return "column '" + w.getName() + "' has type " + g + ", expected " + w;
      }
    }
    return null;
  }
}
