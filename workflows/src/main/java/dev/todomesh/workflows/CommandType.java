package dev.todomesh.workflows;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Kind of change a {@link TodoCommand} requests. The wire name appears in streams and histories. */
public enum CommandType {
  /** Creates the todo or replaces its title, completion flag, order and due time. */
  UPSERT("upsert"),
  /** Changes some fields of an existing todo; rejected when the todo does not exist. */
  PATCH("patch"),
  /** Deletes an existing todo; rejected when the todo does not exist. */
  DELETE("delete");

  private final String wireName;

  CommandType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Returns the type with this wire name, or empty when no type has it. */
  public static Optional<CommandType> fromWireName(String name) {
    return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
  }

  @JsonCreator
  static CommandType parse(String name) {
    return fromWireName(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown command type: " + name));
  }
}
