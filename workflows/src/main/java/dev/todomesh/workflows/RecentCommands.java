package dev.todomesh.workflows;

import java.util.List;

/**
 * Query result: IDs of the most recently applied commands, oldest first, as kept for
 * deduplication (at most the last 256). Lets operators and tests check the applied order.
 */
public record RecentCommands(List<String> commandIds) {

  public RecentCommands {
    commandIds = List.copyOf(commandIds);
  }
}
