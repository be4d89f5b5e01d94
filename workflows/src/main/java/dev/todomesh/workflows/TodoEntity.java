package dev.todomesh.workflows;

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

  /** Applies the command unless it is a duplicate; returns false for a duplicate. */
  boolean apply(TodoCommand command) {
    if (isDuplicate(command)) {
      return false;
    }
    state = switch (command.type()) {
      case UPSERT -> upsert(command);
    };
    lastApplied = command.source();
    remember(command.commandId());
    return true;
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

  private TodoState upsert(TodoCommand command) {
    if (state == null) {
      return new TodoState(
          todoId,
          command.title(),
          command.completed(),
          command.acceptedAt(),
          command.acceptedAt(),
          command.commandId(),
          1);
    }
    return new TodoState(
        todoId,
        command.title(),
        command.completed(),
        state.createdAt(),
        command.acceptedAt(),
        command.commandId(),
        state.version() + 1);
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
