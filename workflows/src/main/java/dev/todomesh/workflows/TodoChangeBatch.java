package dev.todomesh.workflows;

import java.util.List;

/**
 * Activity input: what a todo's workflow decided for the commands it applied in one step, in
 * the order it applied them.
 *
 * <p>The workflow applies every command waiting in its inbox, then reports them together, so a
 * busy todo pays one activity call for many commands rather than two for each.
 *
 * @param todoId the todo the changes belong to
 * @param changes applied changes, in version order; the last one has the todo's newest state
 * @param rejections commands rejected in the same step
 */
public record TodoChangeBatch(
    String todoId, List<TodoChange> changes, List<CommandRejection> rejections) {

  public TodoChangeBatch {
    changes = List.copyOf(changes);
    rejections = List.copyOf(rejections);
  }
}
