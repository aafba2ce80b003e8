package dev.arbor.actors.trainer;

import io.ray.api.ObjectRef;
import java.io.Serializable;

/**
 * A policy version and its weights (safetensors bytes) in Ray's object store, as the trainer
 * publishes them for the policy actors to load.
 *
 * <p>A class with non-final fields, not a record: Ray serializes such values with FST, which cannot
 * set the final fields of a record when it rebuilds one.
 */
public final class PublishedWeights implements Serializable {
  private static final long serialVersionUID = 1L;

  private int version;
  private ObjectRef<byte[]> weights;

  public PublishedWeights(int version, ObjectRef<byte[]> weights) {
    this.version = version;
    this.weights = weights;
  }

  public int version() {
    return version;
  }

  public ObjectRef<byte[]> weights() {
    return weights;
  }
}
