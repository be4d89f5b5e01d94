package dev.todomesh.workflows;

import java.util.List;

/**
 * Input of a {@link TodoWorkflow} run: empty for a new todo, and the carried state after
 * continue-as-new.
 *
 * @param todoId ID of the todo this workflow owns
 * @param state state so far, or null before the first command
 * @param lastApplied stream position of the last applied command, or null before the first one
 * @param recentCommandIds IDs of the most recently applied commands, oldest first
 * @param pending commands received but not yet applied when the previous run ended
 * @param continueAsNewAfter number of applied commands after which a run continues as new
 */
public record TodoWorkflowInput(
    String todoId,
    TodoState state,
    StreamPosition lastApplied,
    List<String> recentCommandIds,
    List<TodoCommand> pending,
    int continueAsNewAfter) {

  /** Default for {@link #continueAsNewAfter()}: keeps a run's history well below Temporal's limits. */
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 1_000;

  public TodoWorkflowInput {
    recentCommandIds = recentCommandIds == null ? List.of() : List.copyOf(recentCommandIds);
    pending = pending == null ? List.of() : List.copyOf(pending);
    if (continueAsNewAfter <= 0) {
      continueAsNewAfter = DEFAULT_CONTINUE_AS_NEW_AFTER;
    }
  }

  /** Returns the input of a new todo's first run. */
  public static TodoWorkflowInput start(String todoId, int continueAsNewAfter) {
    return new TodoWorkflowInput(todoId, null, null, List.of(), List.of(), continueAsNewAfter);
  }
}
