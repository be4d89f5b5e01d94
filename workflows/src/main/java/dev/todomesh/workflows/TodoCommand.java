package dev.todomesh.workflows;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted change to one todo, as the pump delivers it to the todo's workflow.
 *
 * @param commandId unique ID assigned when the command was accepted
 * @param todoId ID of the todo the command changes
 * @param type kind of change
 * @param title new title for {@link CommandType#UPSERT}
 * @param completed new completion flag for {@link CommandType#UPSERT}
 * @param acceptedAt time the API accepted the command; the workflow uses it instead of a clock
 * @param source where the command sits in the command streams, used to drop redeliveries
 * @param order new order for {@link CommandType#UPSERT}, or null for none
 * @param dueAt new due time for {@link CommandType#UPSERT}, or null for none
 * @param patch changed fields for {@link CommandType#PATCH}; null for other types
 * @param sessionId client session that sent the command, or null
 */
public record TodoCommand(
    String commandId,
    String todoId,
    CommandType type,
    String title,
    boolean completed,
    Instant acceptedAt,
    StreamPosition source,
    Integer order,
    Instant dueAt,
    TodoPatch patch,
    String sessionId) {

  public TodoCommand {
    Objects.requireNonNull(commandId, "commandId must not be null");
    Objects.requireNonNull(todoId, "todoId must not be null");
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(acceptedAt, "acceptedAt must not be null");
    Objects.requireNonNull(source, "source must not be null");
    if (type == CommandType.PATCH) {
      Objects.requireNonNull(patch, "patch must not be null for a patch command");
    }
  }

  /** Creates an upsert with only a title and a completion flag. */
  public TodoCommand(
      String commandId,
      String todoId,
      CommandType type,
      String title,
      boolean completed,
      Instant acceptedAt,
      StreamPosition source) {
    this(commandId, todoId, type, title, completed, acceptedAt, source, null, null, null, null);
  }
}
