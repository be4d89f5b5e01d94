package dev.todomesh.gateway.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a {@code PATCH /todos/{id}} body, a JSON Merge Patch (RFC 7396) of the todo: an absent
 * field is kept and a null {@code order} or {@code dueAt} removes it.
 */
final class TodoPatchBody {

  private static final Set<String> FIELDS = Set.of("title", "completed", "order", "dueAt");

  /**
   * Fields of the todo's representation that a client cannot change. A client may send them,
   * for example by patching back what it read, and they are ignored.
   */
  private static final Set<String> READ_ONLY =
      Set.of("id", "url", "createdAt", "updatedAt", "lastCommandId", "sessionId", "version");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TodoPatchBody() {}

  /**
   * Returns the checked body as the payload of a patch command.
   *
   * @throws InvalidRequestBodyException listing every invalid field
   */
  static ObjectNode validate(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestBodyException(List.of(Map.of("field", "", "message", "must be a JSON object")));
    }
    List<Map<String, String>> errors = new ArrayList<>();
    ObjectNode payload = JSON.createObjectNode();
    for (String name : body.propertyNames()) {
      JsonNode value = body.get(name);
      if (READ_ONLY.contains(name)) {
        continue;
      }
      if (!FIELDS.contains(name)) {
        errors.add(error(name, "is not a todo field; use title, completed, order or dueAt"));
      } else if (name.equals("title")) {
        if (!value.isString() || value.asString().isBlank()) {
          errors.add(error(name, "must be a non-blank string"));
        } else if (value.asString().length() > UpsertTodoRequest.MAX_TITLE_LENGTH) {
          errors.add(error(name, "must be at most " + UpsertTodoRequest.MAX_TITLE_LENGTH + " characters"));
        }
      } else if (name.equals("completed") && !value.isBoolean()) {
        errors.add(error(name, "must be true or false"));
      } else if (name.equals("order") && !value.isNull() && !value.isInt()) {
        errors.add(error(name, "must be a 32-bit integer or null"));
      } else if (name.equals("dueAt") && !value.isNull() && !isInstant(value)) {
        errors.add(error(name, "must be an ISO-8601 instant such as 2026-05-01T09:00:00Z, or null"));
      }
      payload.set(name, value);
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestBodyException(errors);
    }
    return payload;
  }

  private static boolean isInstant(JsonNode value) {
    if (!value.isString()) {
      return false;
    }
    try {
      Instant.parse(value.asString());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Map<String, String> error(String field, String message) {
    return Map.of("field", field, "message", message);
  }
}
