package dev.arbor.app.train;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throughput of the object store for training batches. The tree manager puts each Arrow batch into
 * the object store and the trainer receives it as a resolved argument, so the trainer's own read
 * cannot be timed from outside the actor. The driver therefore reads the same object with {@code
 * Ray.get} while the trainer trains on it (off the trainer's critical path): bytes read over the
 * seconds those reads took is the rate at which the object store hands a batch of that size to a
 * second process on the node (in LOCAL mode: an in-process copy through Ray's serializer). Not
 * thread-safe: the trainer loop owns it.
 */
final class BatchTransfer {
  private long bytes;
  private long nanos;
  private int batches;

  /** Reads {@code batch} from the object store, timing the read; returns its size in bytes. */
  long read(ObjectRef<byte[]> batch) {
    long t0 = System.nanoTime();
    byte[] data = Ray.get(batch);
    nanos += System.nanoTime() - t0;
    bytes += data.length;
    batches++;
    return data.length;
  }

  /** Totals by their summary names. */
  Map<String, Object> values() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object_store_batches", batches);
    v.put("object_store_bytes", bytes);
    v.put("object_store_get_seconds", nanos / 1e9);
    v.put("object_store_mb_per_s", nanos == 0 ? Double.NaN : bytes / 1e6 / (nanos / 1e9));
    return v;
  }
}
