package dev.todomesh.activities.readmodel;

import dev.todomesh.workflows.ActivityNames;
import dev.todomesh.workflows.CommandRejection;
import dev.todomesh.workflows.TodoChange;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Writes what a todo's workflow decided to the read model and the command statuses. */
@ActivityInterface
public interface ReadModelActivities {

  /**
   * Stores the todo's new state, then marks its command applied. Safe to retry: an older or
   * equal version never replaces the stored state.
   */
  @ActivityMethod(name = ActivityNames.PROJECT_TODO)
  void project(TodoChange change);

  /** Marks a command rejected with its reason. */
  @ActivityMethod(name = ActivityNames.RECORD_REJECTION)
  void recordRejection(CommandRejection rejection);
}
