package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.stream.StreamIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parked todos, kept per partition in a Redis hash of JSON records by todo ID. The pump parks;
 * operators list, retry and skip through the admin API.
 */
public final class ParkedTodos {

  /**
   * KEYS: parked hash, stream, backlog. ARGV: todo ID, entry ID, group. Acknowledges the head
   * entry and unparks the todo, if it is still parked on that entry. Returns 1 when done.
   */
  private static final String SKIP =
      """
      local record = redis.call('HGET', KEYS[1], ARGV[1])
      if not record or not string.find(record, '"entryId":"' .. ARGV[2] .. '"', 1, true) then
        return 0
      end
      local acked = redis.call('XACK', KEYS[2], ARGV[3], ARGV[2])
      if acked > 0 then
        redis.call('DECRBY', KEYS[3], acked)
      end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return 1
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CommandStreams streams;
  private final String group;

  public ParkedTodos(CommandStreams streams, String group) {
    this.streams = streams;
    this.group = group;
  }

  void park(ParkedTodo todo) {
    hash(todo.partition()).fastPut(todo.todoId(), JSON.writeValueAsString(todo));
  }

  /** Returns the IDs of the todos parked in one partition. */
  Set<String> todoIds(int partition) {
    return hash(partition).readAllKeySet();
  }

  /** Returns every parked todo, oldest first. */
  public List<ParkedTodo> list() {
    List<ParkedTodo> all = new ArrayList<>();
    for (int partition = 0; partition < streams.partitions(); partition++) {
      for (String json : hash(partition).readAllValues()) {
        all.add(JSON.readValue(json, ParkedTodo.class));
      }
    }
    all.sort(Comparator.comparing(ParkedTodo::parkedAt));
    return all;
  }

  public Optional<ParkedTodo> find(String todoId) {
    String json = hash(streams.partitionOf(todoId)).get(todoId);
    return Optional.ofNullable(json).map(value -> JSON.readValue(value, ParkedTodo.class));
  }

  /** Unparks the todo; its owner pump delivers the held commands again, head first. */
  public boolean retry(String todoId) {
    return hash(streams.partitionOf(todoId)).fastRemove(todoId) > 0;
  }

  /**
   * Acknowledges the parked head command without applying it and unparks the todo. The caller
   * dead-letters the command first, so it is not lost.
   *
   * @return false when the todo was no longer parked on that command
   */
  public boolean skip(ParkedTodo todo) {
    int partition = todo.partition();
    Long done =
        streams
            .redisson()
            .getScript(StringCodec.INSTANCE)
            .eval(
                streams.parkedKey(partition),
                RScript.Mode.READ_WRITE,
                SKIP,
                RScript.ReturnType.LONG,
                List.of(
                    streams.parkedKey(partition),
                    streams.commandStreamKey(partition),
                    streams.backlogKey(partition)),
                todo.todoId(),
                todo.entryId(),
                group);
    return done != null && done == 1;
  }

  /** Returns the fields of the parked head command, or an empty map if it was deleted. */
  public Map<String, String> headFields(ParkedTodo todo) {
    StreamMessageId id = StreamIds.parse(todo.entryId());
    Map<StreamMessageId, Map<String, String>> range =
        streams.commandStream(todo.partition()).range(1, id, id);
    return range.getOrDefault(id, Map.of());
  }

  private RMap<String, String> hash(int partition) {
    return streams.redisson().getMap(streams.parkedKey(partition), StringCodec.INSTANCE);
  }
}
