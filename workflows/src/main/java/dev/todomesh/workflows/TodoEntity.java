package dev.todomesh.workflows;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * State of one todo and the record of which commands it has applied; deterministic and free of
 * Temporal calls, so the workflow and plain unit tests share it.
 *
 * <p>A command is a duplicate, and is skipped, when either rule holds:
 *
 * <ul>
 *   <li>its stream position is not after the last applied position, because a todo's commands
 *       all go to one partition whose entry IDs only grow;
 *   <li>its command ID is among the last {@link #RECENT_COMMAND_IDS} applied, which catches a
 *       command re-enqueued under a new entry ID.
 * </ul>
 */
final class TodoEntity {

  /** Number of applied command IDs remembered for deduplication. */
  static final int RECENT_COMMAND_IDS = 256;

  private final String todoId;
  private TodoState state;
  private StreamPosition lastApplied;
  private final Deque<String> recentCommandIds = new ArrayDeque<>();
  private final Set<String> recentCommandIdSet = new HashSet<>();

  TodoEntity(TodoWorkflowInput input) {
    this.todoId = input.todoId();
    this.state = input.state();
    this.lastApplied = input.lastApplied();
    input.recentCommandIds().forEach(this::remember);
  }

  /** Applies or rejects the command unless it is a duplicate; returns false for a duplicate. */
  boolean apply(TodoCommand command) {
    return handle(command).outcome() != ApplyResult.Outcome.DUPLICATE;
  }

  /**
   * Applies the command, or rejects it when it breaks a business rule, unless it is a duplicate.
   * A rejected command counts as handled, so a redelivery of it is a duplicate too.
   */
  ApplyResult handle(TodoCommand command) {
    if (isDuplicate(command)) {
      return ApplyResult.DUPLICATE;
    }
    lastApplied = command.source();
    remember(command.commandId());
    String rejection = rejectionOf(command);
    if (rejection != null) {
      return ApplyResult.rejected(rejection);
    }
    state = switch (command.type()) {
      case UPSERT -> upsert(command);
      case PATCH -> patch(command);
      case DELETE -> delete(command);
    };
    return ApplyResult.APPLIED;
  }

  /**
   * Records that the reminder for the current due time was sent at {@code now}. The version grows
   * by one, so the reminder has its own place in the todo's ordered history of changes.
   */
  void markReminderSent(Instant now) {
    state =
        new TodoState(
            todoId,
            state.title(),
            state.completed(),
            state.createdAt(),
            now,
            state.lastCommandId(),
            state.version() + 1,
            state.order(),
            state.dueAt(),
            state.sessionId(),
            state.deleted(),
            state.dueAt());
  }

  boolean isDuplicate(TodoCommand command) {
    if (lastApplied != null && !command.source().isAfter(lastApplied)) {
      return true;
    }
    return recentCommandIdSet.contains(command.commandId());
  }

  TodoState state() {
    return state;
  }

  /** Returns the IDs of the last applied commands, oldest first. */
  List<String> recentCommandIds() {
    return List.copyOf(recentCommandIds);
  }

  /** Returns the input that lets a new run continue where this one stops. */
  TodoWorkflowInput carryOver(List<TodoCommand> pending, int continueAsNewAfter) {
    return new TodoWorkflowInput(
        todoId, state, lastApplied, new ArrayList<>(recentCommandIds), pending, continueAsNewAfter);
  }

  private String rejectionOf(TodoCommand command) {
    if (command.type() == CommandType.UPSERT) {
      return null;
    }
    if (state == null) {
      return "todo '" + todoId + "' does not exist";
    }
    if (state.deleted()) {
      return "todo '" + todoId + "' was deleted";
    }
    return null;
  }

  private TodoState upsert(TodoCommand command) {
    boolean created = state == null || state.deleted();
    return new TodoState(
        todoId,
        command.title(),
        command.completed(),
        created ? command.acceptedAt() : state.createdAt(),
        command.acceptedAt(),
        command.commandId(),
        nextVersion(),
        command.order(),
        command.dueAt(),
        created ? command.sessionId() : state.sessionId(),
        false,
        created ? null : state.reminderSentFor());
  }

  private TodoState patch(TodoCommand command) {
    TodoPatch patch = command.patch();
    Integer order = patch.clearOrder() ? null : patch.order() != null ? patch.order() : state.order();
    Instant dueAt =
        patch.clearDueAt() ? null : patch.dueAt() != null ? patch.dueAt() : state.dueAt();
    return new TodoState(
        todoId,
        patch.title() != null ? patch.title() : state.title(),
        patch.completed() != null ? patch.completed() : state.completed(),
        state.createdAt(),
        command.acceptedAt(),
        command.commandId(),
        nextVersion(),
        order,
        dueAt,
        state.sessionId(),
        false,
        state.reminderSentFor());
  }

  private TodoState delete(TodoCommand command) {
    return new TodoState(
        todoId,
        state.title(),
        state.completed(),
        state.createdAt(),
        command.acceptedAt(),
        command.commandId(),
        nextVersion(),
        state.order(),
        state.dueAt(),
        state.sessionId(),
        true,
        state.reminderSentFor());
  }

  /** Versions keep growing across delete and re-create, so readers can order every change. */
  private long nextVersion() {
    return state == null ? 1 : state.version() + 1;
  }

  private void remember(String commandId) {
    if (!recentCommandIdSet.add(commandId)) {
      return;
    }
    recentCommandIds.addLast(commandId);
    if (recentCommandIds.size() > RECENT_COMMAND_IDS) {
      recentCommandIdSet.remove(recentCommandIds.removeFirst());
    }
  }
}
