package dev.todomesh.gateway.support;

import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandStreams;
import java.util.Map;
import org.redisson.api.stream.StreamMessageId;

/** Reads command entries back from the partition streams. */
public final class CommandEntries {

  private CommandEntries() {}

  /** Returns the fields of the entry with this command ID in its todo's partition stream. */
  public static Map<String, String> find(CommandStreams streams, String todoId, String commandId) {
    return streams
        .commandStream(streams.partitionOf(todoId))
        .range(StreamMessageId.MIN, StreamMessageId.MAX)
        .values()
        .stream()
        .filter(fields -> commandId.equals(fields.get(CommandEntry.COMMAND_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry for command " + commandId));
  }
}
