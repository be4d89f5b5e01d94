package dev.todomesh.activities.readmodel;

import dev.todomesh.workflows.TodoState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The todo read model in Redis: a hash per todo and ordered indexes of the todos that exist,
 * written only by the projection activity and read by the API.
 *
 * <p>Keys share the hash tag {@code {todos}}, so the scripts below touch one Redis Cluster slot.
 * An index is a sorted set whose members all have score 0 and sort by name: the todo's creation
 * time in milliseconds, zero-padded, then {@code :} and the todo ID. New todos therefore go to
 * the end and updates keep their place, which keeps cursor pagination stable. There is one
 * index of all todos and one per session that created todos.
 *
 * <p>The read model is a plain key-value view with no concurrency control of its own: the
 * todo's workflow is its single writer, and a version check in the projection script drops any
 * write older than what is stored. A deleted todo keeps a hash with its version, expiring after
 * the retention period, so a late projection cannot bring it back.
 */
public final class TodoReadModel {

  private static final int MEMBER_PREFIX_LENGTH = 16;

  /**
   * KEYS: todo hash, all-todos index, session index or the all-todos index again. ARGV: version,
   * index member, '1' when deleted, retention in ms, then field names and values. Returns 1 when
   * written, 0 when the stored version is the same or newer.
   */
  private static final String PROJECT_SCRIPT =
      """
      local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
      if tonumber(ARGV[1]) <= stored then
        return 0
      end
      local oldMember = redis.call('HGET', KEYS[1], 'member')
      local oldSessionIndex = redis.call('HGET', KEYS[1], 'sessionIndex')
      if oldMember and (oldMember ~= ARGV[2] or ARGV[3] == '1') then
        redis.call('ZREM', KEYS[2], oldMember)
        if oldSessionIndex then
          redis.call('ZREM', oldSessionIndex, oldMember)
        end
      end
      redis.call('DEL', KEYS[1])
      local args = {KEYS[1], 'member', ARGV[2]}
      for i = 5, #ARGV do
        args[#args + 1] = ARGV[i]
      end
      redis.call('HSET', unpack(args))
      if ARGV[3] == '1' then
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
      else
        redis.call('ZADD', KEYS[2], 0, ARGV[2])
        if KEYS[3] ~= KEYS[2] then
          redis.call('ZADD', KEYS[3], 0, ARGV[2])
          redis.call('HSET', KEYS[1], 'sessionIndex', KEYS[3])
        end
      end
      return 1
      """;

  /**
   * KEYS: index. ARGV: exclusive start member or '', page size, completed filter ('', 'true' or
   * 'false'), todo hash key prefix. Returns the last member scanned, or '' at the end, then the
   * fields of each todo on the page.
   */
  private static final String LIST_SCRIPT =
      """
      local start = ARGV[1] == '' and '-' or '(' .. ARGV[1]
      local limit = tonumber(ARGV[2])
      local page = {}
      local last = ''
      while #page < limit do
        local members = redis.call('ZRANGEBYLEX', KEYS[1], start, '+', 'LIMIT', 0, 100)
        for _, member in ipairs(members) do
          local fields = redis.call('HGETALL', ARGV[4] .. string.sub(member, 17))
          local completed = nil
          for i = 1, #fields, 2 do
            if fields[i] == 'completed' then completed = fields[i + 1] end
          end
          if #fields > 0 and (ARGV[3] == '' or ARGV[3] == completed) then
            page[#page + 1] = fields
          end
          last = member
          start = '(' .. member
          if #page >= limit then break end
        end
        if #members < 100 and #page < limit then
          last = ''
          break
        end
      end
      return {last, page}
      """;

  private final RedissonClient redisson;
  private final String prefix;
  private final Duration retention;

  public TodoReadModel(RedissonClient redisson, String prefix, Duration retention) {
    this.redisson = redisson;
    this.prefix = prefix + ":read:{todos}:";
    this.retention = retention;
  }

  String todoKey(String todoId) {
    return prefix + "todo:" + todoId;
  }

  String indexKey(String sessionId) {
    return sessionId == null ? prefix + "index" : prefix + "session:" + sessionId;
  }

  /**
   * Stores the todo's state unless the stored version is the same or newer.
   *
   * @return true when written, false when a newer or equal version was already stored
   */
  public boolean project(TodoState state) {
    String member = memberOf(state);
    List<Object> keys =
        List.of(todoKey(state.id()), indexKey(null), indexKey(state.sessionId()));
    List<Object> args = new ArrayList<>();
    args.add(Long.toString(state.version()));
    args.add(member);
    args.add(state.deleted() ? "1" : "0");
    args.add(Long.toString(retention.toMillis()));
    toFields(state).forEach((name, value) -> {
      args.add(name);
      args.add(value);
    });
    Long written =
        redisson
            .getScript(StringCodec.INSTANCE)
            .eval(
                todoKey(state.id()),
                RScript.Mode.READ_WRITE,
                PROJECT_SCRIPT,
                RScript.ReturnType.LONG,
                keys,
                args.toArray());
    return written == 1L;
  }

  /** Returns the todo's stored state, or null when it does not exist or was deleted. */
  public CompletionStage<TodoState> findAsync(String todoId) {
    return redisson
        .<String, String>getMap(todoKey(todoId), StringCodec.INSTANCE)
        .readAllMapAsync()
        .thenApply(fields -> {
          TodoState state = fields.isEmpty() ? null : fromFields(fields);
          return state == null || state.deleted() ? null : state;
        });
  }

  /**
   * Returns a page of existing todos in creation order.
   *
   * @param sessionId only todos created in this session, or null for all
   * @param completed only todos with this completion flag, or null for all
   * @param cursor the previous page's {@link TodoPage#nextCursor()}, or null for the first page
   * @throws IllegalArgumentException when the cursor is not one this class returned
   */
  public CompletionStage<TodoPage> listAsync(
      String sessionId, Boolean completed, String cursor, int limit) {
    String start = cursor == null ? "" : decodeCursor(cursor);
    CompletionStage<List<Object>> result =
        redisson
            .getScript(StringCodec.INSTANCE)
            .evalAsync(
                indexKey(sessionId),
                RScript.Mode.READ_ONLY,
                LIST_SCRIPT,
                RScript.ReturnType.LIST,
                List.of(indexKey(sessionId)),
                start,
                Integer.toString(limit),
                completed == null ? "" : completed.toString(),
                prefix + "todo:");
    return result.thenApply(TodoReadModel::toPage);
  }

  @SuppressWarnings("unchecked")
  private static TodoPage toPage(List<Object> result) {
    String last = (String) result.get(0);
    List<TodoState> todos = new ArrayList<>();
    for (Object item : (List<Object>) result.get(1)) {
      List<Object> flat = (List<Object>) item;
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        fields.put((String) flat.get(i), (String) flat.get(i + 1));
      }
      todos.add(fromFields(fields));
    }
    return new TodoPage(todos, last.isEmpty() ? null : encodeCursor(last));
  }

  private static String memberOf(TodoState state) {
    return String.format("%015d:%s", state.createdAt().toEpochMilli(), state.id());
  }

  private static String encodeCursor(String member) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(member.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    String member;
    try {
      member = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor '" + cursor + "' is not a cursor of this list");
    }
    if (member.length() <= MEMBER_PREFIX_LENGTH || member.charAt(MEMBER_PREFIX_LENGTH - 1) != ':') {
      throw new IllegalArgumentException("cursor '" + cursor + "' is not a cursor of this list");
    }
    return member;
  }

  private static Map<String, String> toFields(TodoState state) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", state.id());
    fields.put("version", Long.toString(state.version()));
    fields.put("deleted", Boolean.toString(state.deleted()));
    if (state.deleted()) {
      return fields;
    }
    fields.put("title", state.title());
    fields.put("completed", Boolean.toString(state.completed()));
    fields.put("createdAt", state.createdAt().toString());
    fields.put("updatedAt", state.updatedAt().toString());
    putIfPresent(fields, "lastCommandId", state.lastCommandId());
    putIfPresent(fields, "order", state.order());
    putIfPresent(fields, "dueAt", state.dueAt());
    putIfPresent(fields, "sessionId", state.sessionId());
    putIfPresent(fields, "reminderSentFor", state.reminderSentFor());
    return fields;
  }

  private static void putIfPresent(Map<String, String> fields, String name, Object value) {
    if (value != null) {
      fields.put(name, value.toString());
    }
  }

  private static TodoState fromFields(Map<String, String> fields) {
    return new TodoState(
        fields.get("id"),
        fields.get("title"),
        Boolean.parseBoolean(fields.get("completed")),
        instant(fields.get("createdAt")),
        instant(fields.get("updatedAt")),
        fields.get("lastCommandId"),
        Long.parseLong(fields.get("version")),
        fields.get("order") == null ? null : Integer.valueOf(fields.get("order")),
        instant(fields.get("dueAt")),
        fields.get("sessionId"),
        Boolean.parseBoolean(fields.get("deleted")),
        instant(fields.get("reminderSentFor")));
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }
}
