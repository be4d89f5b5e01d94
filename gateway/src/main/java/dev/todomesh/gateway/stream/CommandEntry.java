package dev.todomesh.gateway.stream;

import dev.todomesh.gateway.tracing.TraceParent;
import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.StreamPosition;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoPatch;
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
 * todoId}, {@code acceptedAt} (ISO-8601), {@code payload}, a JSON object with the
 * type-specific fields, the optional {@code sessionId}, and the optional W3C trace context
 * {@code traceparent} and {@code tracestate} (see {@link TraceParent}). An upsert's payload has
 * {@code title}, {@code completed}, {@code order} and {@code dueAt}; a patch's has any of them,
 * where a null {@code order} or {@code dueAt} removes it; a delete's is empty.
 */
public final class CommandEntry {

  public static final String TYPE = "type";
  public static final String COMMAND_ID = "commandId";
  public static final String TODO_ID = "todoId";
  public static final String ACCEPTED_AT = "acceptedAt";
  public static final String PAYLOAD = "payload";

  /** Optional field: the client session that sent the command. */
  public static final String SESSION_ID = "sessionId";

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
   * @throws UndecodableEntryException when a field is missing or invalid; the message names the field
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
    // An invalid traceparent is dropped rather than failing the command.
    String traceparent = TraceParent.fromFields(fields).map(TraceParent::traceparent).orElse(null);
    StreamPosition source = new StreamPosition(partition, entryId, traceparent);
    String sessionId = fields.get(SESSION_ID);
    if (sessionId != null && sessionId.isBlank()) {
      sessionId = null;
    }
    return switch (type) {
      case UPSERT ->
          new TodoCommand(
              commandId,
              todoId,
              type,
              requiredTitle(payload),
              optionalBoolean(payload, "completed") == Boolean.TRUE,
              acceptedAt,
              source,
              optionalInteger(payload, "order"),
              optionalInstant(payload, "dueAt"),
              null,
              sessionId);
      case PATCH ->
          new TodoCommand(
              commandId, todoId, type, null, false, acceptedAt, source, null, null,
              decodePatch(payload), sessionId);
      case DELETE ->
          new TodoCommand(
              commandId, todoId, type, null, false, acceptedAt, source, null, null, null,
              sessionId);
    };
  }

  /**
   * Decodes a patch payload with JSON Merge Patch rules: an absent field is kept, and a null
   * {@code order} or {@code dueAt} removes it. {@code title} and {@code completed} cannot be
   * removed.
   */
  private static TodoPatch decodePatch(JsonNode payload) {
    JsonNode title = payload.get("title");
    if (title != null && (!title.isString() || title.asString().isBlank())) {
      throw new UndecodableEntryException("payload.title is not a non-blank string");
    }
    return new TodoPatch(
        title == null ? null : title.asString(),
        optionalBoolean(payload, "completed"),
        optionalInteger(payload, "order"),
        isExplicitNull(payload, "order"),
        optionalInstant(payload, "dueAt"),
        isExplicitNull(payload, "dueAt"));
  }

  private static String requiredTitle(JsonNode payload) {
    JsonNode title = payload.get("title");
    if (title == null || !title.isString() || title.asString().isBlank()) {
      throw new UndecodableEntryException("payload.title is missing or not a non-blank string");
    }
    return title.asString();
  }

  private static Boolean optionalBoolean(JsonNode payload, String name) {
    JsonNode value = payload.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new UndecodableEntryException("payload." + name + " is not a boolean");
    }
    return value.booleanValue();
  }

  private static Integer optionalInteger(JsonNode payload, String name) {
    JsonNode value = payload.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isInt()) {
      throw new UndecodableEntryException("payload." + name + " is not a 32-bit integer");
    }
    return value.intValue();
  }

  private static Instant optionalInstant(JsonNode payload, String name) {
    JsonNode value = payload.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new UndecodableEntryException("payload." + name + " is not an ISO-8601 string");
    }
    try {
      return Instant.parse(value.asString());
    } catch (DateTimeParseException e) {
      throw new UndecodableEntryException("payload." + name + " is not an ISO-8601 instant");
    }
  }

  private static boolean isExplicitNull(JsonNode payload, String name) {
    JsonNode value = payload.get(name);
    return value != null && value.isNull();
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
