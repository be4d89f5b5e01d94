package dev.todomesh.activities.events;

import dev.todomesh.workflows.ActivityNames;
import dev.todomesh.workflows.TodoChange;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Publishes todo changes and reminders to the event log. */
@ActivityInterface
public interface EventActivities {

  /** Appends the change as one event; a retry of an already logged version appends nothing. */
  @ActivityMethod(name = ActivityNames.PUBLISH_TODO_EVENT)
  void publish(TodoChange change);
}
