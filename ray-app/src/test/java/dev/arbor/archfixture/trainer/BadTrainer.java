package dev.arbor.archfixture.trainer;

import io.ray.api.ObjectRef;

/** Violates the trainer rule: only actors and app may use Ray. */
public class BadTrainer {
  public byte[] fetch(ObjectRef<byte[]> ref) {
    return ref.get();
  }
}
