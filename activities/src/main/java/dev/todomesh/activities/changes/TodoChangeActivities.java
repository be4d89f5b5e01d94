package dev.todomesh.activities.changes;

import dev.todomesh.workflows.ActivityNames;
import dev.todomesh.workflows.TodoChangeBatch;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reports what a todo's workflow decided in one step: read model, statuses and events. */
@ActivityInterface
public interface TodoChangeActivities {

  /**
   * Projects the newest state, marks each command applied or rejected, then appends one event
   * per change in version order. Safe to retry: an older or equal version never replaces the
   * stored state, and an already logged version appends no event.
   */
  @ActivityMethod(name = ActivityNames.RECORD_TODO_CHANGES)
  void record(TodoChangeBatch batch);
}
