package dev.todomesh.gateway.kafka;

import dev.todomesh.gateway.api.TodoIds;
import dev.todomesh.gateway.api.UpsertTodoRequest;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.tracing.TraceParent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a record of {@code todo.commands} into the stream entry of a command.
 *
 * <p>The key is the todo ID. The value is a JSON object whose {@code type} field names the
 * command and whose other fields are those of the matching HTTP request body. Every command type
 * is decoded in {@link #decode}; a new type needs one more case there.
 *
 * <p>An optional {@code command-id} header sets the command's ID, so the producer can follow the
 * command at {@code GET /commands/{id}}; without it the ID is a random UUID.
 *
 * <p>A valid W3C {@code traceparent} header, with its {@code tracestate}, is stored with the
 * command, so the command's trace continues the producer's. An invalid one is ignored, because
 * tracing must never cost a command.
 */
final class CommandRecordDecoder {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> UPSERT_FIELDS = Set.of("type", "title", "completed");

  /** Record header whose value, when present, is the command's ID. */
  static final String COMMAND_ID_HEADER = "command-id";

  private CommandRecordDecoder() {}

  /**
   * Returns the stream entry fields of the command in this record.
   *
   * @throws InvalidCommandRecordException when the key or value is not a valid command; the
   *     message names the problem
   */
  static Map<String, String> decode(
      ByteBuffer key, ByteBuffer value, Header[] headers, Instant acceptedAt) {
    String todoId = decodeTodoId(key);
    JsonNode command = parseValue(value);
    JsonNode type = command.get("type");
    if (type == null || !type.isString()) {
      throw new InvalidCommandRecordException("value has no string field 'type'");
    }
    String commandId = decodeCommandId(lastHeader(headers, COMMAND_ID_HEADER));
    Map<String, String> fields =
        switch (type.asString()) {
          case "upsert" -> decodeUpsert(command, commandId, todoId, acceptedAt);
          default ->
              throw new InvalidCommandRecordException(
                  "unknown command type '" + type.asString() + "'; supported types: upsert");
        };
    return TraceParent.parse(
            lastHeader(headers, TraceParent.TRACEPARENT), lastHeader(headers, TraceParent.TRACESTATE))
        .map(trace -> trace.addTo(fields))
        .orElse(fields);
  }

  /** Returns the value of the last header with this name as text, or null when there is none. */
  private static String lastHeader(Header[] headers, String name) {
    String value = null;
    for (Header header : headers) {
      if (header.key().equals(name) && header.value() != null) {
        value = new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return value;
  }

  private static Map<String, String> decodeUpsert(
      JsonNode command, String commandId, String todoId, Instant acceptedAt) {
    rejectUnknownFields(command, UPSERT_FIELDS);
    JsonNode title = command.get("title");
    if (title == null || !title.isString() || title.asString().isBlank()) {
      throw new InvalidCommandRecordException("title must be a non-blank string");
    }
    if (title.asString().length() > UpsertTodoRequest.MAX_TITLE_LENGTH) {
      throw new InvalidCommandRecordException(
          "title must be at most " + UpsertTodoRequest.MAX_TITLE_LENGTH + " characters");
    }
    JsonNode completed = command.get("completed");
    if (completed != null && !completed.isNull() && !completed.isBoolean()) {
      throw new InvalidCommandRecordException("completed must be a boolean");
    }
    boolean isCompleted = completed != null && completed.isBoolean() && completed.booleanValue();
    return CommandEntry.upsert(commandId, todoId, title.asString(), isCompleted, acceptedAt);
  }

  private static String decodeCommandId(String header) {
    if (header == null) {
      return UUID.randomUUID().toString();
    }
    if (!TodoIds.PATTERN.matcher(header).matches()) {
      throw new InvalidCommandRecordException(
          "header " + COMMAND_ID_HEADER + " is not a valid command ID: it must match "
              + TodoIds.PATTERN.pattern());
    }
    return header;
  }

  private static String decodeTodoId(ByteBuffer key) {
    if (key == null) {
      throw new InvalidCommandRecordException("record has no key; the key must be the todo ID");
    }
    String todoId;
    try {
      todoId =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(key.duplicate())
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidCommandRecordException("key is not valid UTF-8");
    }
    if (!TodoIds.PATTERN.matcher(todoId).matches()) {
      throw new InvalidCommandRecordException(
          "key is not a valid todo ID: it must match " + TodoIds.PATTERN.pattern());
    }
    return todoId;
  }

  private static JsonNode parseValue(ByteBuffer value) {
    if (value == null) {
      throw new InvalidCommandRecordException("record has no value; the value must be a command");
    }
    byte[] bytes = new byte[value.remaining()];
    value.duplicate().get(bytes);
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new InvalidCommandRecordException("value is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidCommandRecordException("value is not a JSON object");
    }
    return node;
  }

  private static void rejectUnknownFields(JsonNode command, Set<String> known) {
    for (String name : command.propertyNames()) {
      if (!known.contains(name)) {
        throw new InvalidCommandRecordException("unknown field '" + name + "'");
      }
    }
  }

  /** Thrown when a record is not a valid command; the message names the problem. */
  static final class InvalidCommandRecordException extends RuntimeException {

    InvalidCommandRecordException(String message) {
      super(message);
    }
  }
}
