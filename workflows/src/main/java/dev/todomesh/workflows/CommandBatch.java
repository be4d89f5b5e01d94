package dev.todomesh.workflows;

import java.util.List;

/**
 * Signal payload: consecutive commands for one todo, in stream order.
 *
 * <p>The pump sends every command of a todo that waits in one read as one signal, which cuts
 * the number of history events for busy todos. The workflow still applies them one by one.
 */
public record CommandBatch(List<TodoCommand> commands) {

  public CommandBatch {
    commands = List.copyOf(commands);
  }
}
