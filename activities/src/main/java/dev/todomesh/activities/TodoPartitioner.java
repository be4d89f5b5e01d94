package dev.todomesh.activities;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Maps a todo ID to a partition with Kafka's default partitioner: murmur2 of the ID's UTF-8
 * bytes, made positive, modulo the partition count. A Kafka producer that keys records by todo
 * ID therefore picks the same partition as todo-mesh.
 */
public final class TodoPartitioner {

  private final int partitions;

  public TodoPartitioner(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "todo-mesh.streams.partitions must be at least 1, was " + partitions);
    }
    this.partitions = partitions;
  }

  public int partitions() {
    return partitions;
  }

  /** Returns the partition of the todo with this ID. */
  public int partitionOf(String todoId) {
    return Utils.toPositive(Utils.murmur2(todoId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
