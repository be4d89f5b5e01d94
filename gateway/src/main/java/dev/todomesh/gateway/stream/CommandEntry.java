package dev.todomesh.gateway.stream;

import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.StreamPosition;
import dev.todomesh.workflows.TodoCommand;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Layout of one command as a stream entry, and its conversion to and from {@link TodoCommand}.
 *
 * <p>Fields: {@code type} (wire name of the {@link CommandType}), {@code commandId}, {@code
 * todoId}, {@code acceptedAt} (ISO-8601) and {@code payload}, a JSON object with the
 * type-specific fields ({@code title} and {@code completed} for an upsert).
 */
public final class CommandEntry {

  public static final String TYPE = "type";
  public static final String COMMAND_ID = "commandId";
  public static final String TODO_ID = "todoId";
  public static final String ACCEPTED_AT = "acceptedAt";
  public static final String PAYLOAD = "payload";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CommandEntry() {}

  /** Returns the fields of the stream entry for an upsert. */
  public static Map<String, String> upsert(
      String commandId, String todoId, String title, boolean completed, Instant acceptedAt) {
    ObjectNode payload = JSON.createObjectNode().put("title", title).put("completed", completed);
    return encode(CommandType.UPSERT, commandId, todoId, acceptedAt, payload);
  }

  /** Returns the fields of the stream entry for a command with this type-specific payload. */
  public static Map<String, String> encode(
      CommandType type, String commandId, String todoId, Instant acceptedAt, ObjectNode payload) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(TYPE, type.wireName());
    fields.put(COMMAND_ID, commandId);
    fields.put(TODO_ID, todoId);
    fields.put(ACCEPTED_AT, acceptedAt.toString());
    fields.put(PAYLOAD, JSON.writeValueAsString(payload));
    return fields;
  }

  /**
   * Decodes an entry read from the stream of {@code partition}.
   *
   * @throws UndecodableEntryException when a field is missing or invalid; the message says which
   */
  public static TodoCommand decode(int partition, String entryId, Map<String, String> fields) {
    if (fields == null || fields.isEmpty()) {
      throw new UndecodableEntryException("entry has no fields (it was deleted from the stream)");
    }
    String typeName = required(fields, TYPE);
    CommandType type =
        CommandType.fromWireName(typeName)
            .orElseThrow(() -> new UndecodableEntryException("unknown command type '" + typeName + "'"));
    String commandId = required(fields, COMMAND_ID);
    String todoId = required(fields, TODO_ID);
    Instant acceptedAt = parseInstant(required(fields, ACCEPTED_AT));
    JsonNode payload = parsePayload(required(fields, PAYLOAD));
    StreamPosition source = new StreamPosition(partition, entryId);
    return switch (type) {
      case UPSERT -> {
        JsonNode title = payload.get("title");
        if (title == null || !title.isString() || title.asString().isBlank()) {
          throw new UndecodableEntryException("payload.title is missing or not a non-blank string");
        }
        JsonNode completed = payload.get("completed");
        if (completed != null && !completed.isBoolean()) {
          throw new UndecodableEntryException("payload.completed is not a boolean");
        }
        yield new TodoCommand(
            commandId,
            todoId,
            type,
            title.asString(),
            completed != null && completed.booleanValue(),
            acceptedAt,
            source);
      }
    };
  }

  /** Returns the todo ID of an entry, or null when the entry has none. */
  public static String todoIdOf(Map<String, String> fields) {
    return fields == null ? null : fields.get(TODO_ID);
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null || value.isBlank()) {
      throw new UndecodableEntryException("field '" + name + "' is missing");
    }
    return value;
  }

  private static Instant parseInstant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UndecodableEntryException("field 'acceptedAt' is not an ISO-8601 instant");
    }
  }

  private static JsonNode parsePayload(String value) {
    try {
      JsonNode node = JSON.readTree(value);
      if (!node.isObject()) {
        throw new UndecodableEntryException("field 'payload' is not a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new UndecodableEntryException("field 'payload' is not valid JSON");
    }
  }
}
