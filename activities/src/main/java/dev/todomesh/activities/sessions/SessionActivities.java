package dev.todomesh.activities.sessions;

import dev.todomesh.workflows.ActivityNames;
import dev.todomesh.workflows.SessionTouch;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells session workflows about their commands. */
@ActivityInterface
public interface SessionActivities {

  /** Signals the session's workflow, starting it when it is not running. */
  @ActivityMethod(name = ActivityNames.TOUCH_SESSION)
  void touch(SessionTouch touch);
}
