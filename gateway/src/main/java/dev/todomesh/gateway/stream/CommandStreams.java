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

  public String deadLetterStreamKey() {
    return prefix + ":dead-letters";
  }

  public RStream<String, String> commandStream(int partition) {
    return redisson.getStream(commandStreamKey(partition), StringCodec.INSTANCE);
  }

  public RStream<String, String> deadLetterStream() {
    return redisson.getStream(deadLetterStreamKey(), StringCodec.INSTANCE);
  }
}
