package dev.todomesh.gateway.stream;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.gateway.config.TodoMeshProperties;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Names of the Redis streams and the mapping of todo IDs to partitions.
 *
 * <p>A todo's partition comes from {@link TodoPartitioner}, Kafka's default partitioner, so a
 * Kafka producer that keys records by todo ID picks the same partition. Every partition key
 * carries a hash tag, so each stream lives in one Redis Cluster slot.
 */
public final class CommandStreams {

  private final RedissonClient redisson;
  private final String prefix;
  private final TodoPartitioner partitioner;

  public CommandStreams(RedissonClient redisson, TodoMeshProperties.Streams settings) {
    this.redisson = redisson;
    this.prefix = settings.prefix();
    this.partitioner = new TodoPartitioner(settings.partitions());
  }

  public int partitions() {
    return partitioner.partitions();
  }

  /** Returns the partition of the todo with this ID. */
  public int partitionOf(String todoId) {
    return partitioner.partitionOf(todoId);
  }

  /** Returns the Redis key of a partition's command stream. */
  public String commandStreamKey(int partition) {
    return prefix + ":commands:{p" + partition + "}";
  }

  /** Returns the key of the lease that names the pump that owns the partition. */
  public String leaseKey(int partition) {
    return prefix + ":lease:{p" + partition + "}";
  }

  /** Returns the key of the counter that numbers the partition's leases (the fencing token). */
  public String leaseEpochKey(int partition) {
    return prefix + ":lease-epoch:{p" + partition + "}";
  }

  /** Returns the key of the partition's backlog counter: entries appended and not acknowledged. */
  public String backlogKey(int partition) {
    return prefix + ":backlog:{p" + partition + "}";
  }

  /** Returns the key of the hash of parked todos in the partition, by todo ID. */
  public String parkedKey(int partition) {
    return prefix + ":parked:{p" + partition + "}";
  }

  /** Returns the key of an idempotency record; it shares the slot of the todo's stream. */
  public String idempotencyKey(String todoId, String idempotencyKey) {
    return prefix + ":idempotency:{p" + partitionOf(todoId) + "}:" + todoId + ":" + idempotencyKey;
  }

  /** Returns the key of the sorted set of live pumps, scored by heartbeat expiry. */
  public String pumpMembersKey() {
    return prefix + ":pumps";
  }

  public String deadLetterStreamKey() {
    return prefix + ":dead-letters";
  }

  public RStream<String, String> commandStream(int partition) {
    return redisson.getStream(commandStreamKey(partition), StringCodec.INSTANCE);
  }

  public RedissonClient redisson() {
    return redisson;
  }

  public RStream<String, String> deadLetterStream() {
    return redisson.getStream(deadLetterStreamKey(), StringCodec.INSTANCE);
  }
}
