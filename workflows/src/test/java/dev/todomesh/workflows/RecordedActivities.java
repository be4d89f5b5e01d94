package dev.todomesh.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The workflows' activities, declared under their wire names for workflow tests. */
@ActivityInterface
public interface RecordedActivities {

  @ActivityMethod(name = ActivityNames.PROJECT_TODO)
  void project(TodoChange change);

  @ActivityMethod(name = ActivityNames.RECORD_REJECTION)
  void recordRejection(CommandRejection rejection);

  @ActivityMethod(name = ActivityNames.PUBLISH_TODO_EVENT)
  void publish(TodoChange change);

  @ActivityMethod(name = ActivityNames.RECORD_TODO_CHANGES)
  void record(TodoChangeBatch batch);

  @ActivityMethod(name = ActivityNames.TOUCH_SESSION)
  void touch(SessionTouch touch);
}
