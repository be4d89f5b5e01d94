package dev.todomesh.gateway.stream;

import dev.todomesh.gateway.config.TodoMeshProperties;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Names of the Redis streams and the mapping of todo IDs to partitions.
 *
 * <p>A todo's partition is Kafka's default partitioner applied to the todo ID (murmur2 of its
 * UTF-8 bytes, made positive, modulo the partition count), so a Kafka producer that keys
 * records by todo ID picks the same partition. Every partition key carries a hash tag, so each
 * stream lives in one Redis Cluster slot.
 */
public final class CommandStreams {

  private final RedissonClient redisson;
  private final String prefix;
  private final int partitions;

  public CommandStreams(RedissonClient redisson, TodoMeshProperties.Streams settings) {
    if (settings.partitions() < 1) {
      throw new IllegalArgumentException(
          "todo-mesh.streams.partitions must be at least 1, was " + settings.partitions());
    }
    this.redisson = redisson;
    this.prefix = settings.prefix();
    this.partitions = settings.partitions();
  }

  public int partitions() {
    return partitions;
  }

  /** Returns the partition of the todo with this ID. */
  public int partitionOf(String todoId) {
    return Utils.toPositive(Utils.murmur2(todoId.getBytes(StandardCharsets.UTF_8))) % partitions;
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
