package dev.todomesh.workflows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Stands in for the activities module in workflow tests: records every call under the same
 * activity names the workflows use.
 */
final class RecordingActivities implements RecordedActivities {

  final List<TodoChange> projected = new CopyOnWriteArrayList<>();
  final List<TodoChange> published = new CopyOnWriteArrayList<>();
  final List<CommandRejection> rejections = new CopyOnWriteArrayList<>();
  final List<SessionTouch> touches = new CopyOnWriteArrayList<>();
  final List<TodoChangeBatch> batches = new CopyOnWriteArrayList<>();
  volatile boolean failTouches;

  /** Number of report calls that fail before reports succeed again. */
  final AtomicInteger reportFailures = new AtomicInteger();

  @Override
  public void project(TodoChange change) {
    projected.add(change);
  }

  @Override
  public void recordRejection(CommandRejection rejection) {
    rejections.add(rejection);
  }

  @Override
  public void publish(TodoChange change) {
    published.add(change);
  }

  @Override
  public void record(TodoChangeBatch batch) {
    if (reportFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      throw new IllegalStateException("read model unavailable");
    }
    batches.add(batch);
    rejections.addAll(batch.rejections());
    for (TodoChange change : batch.changes()) {
      projected.add(change);
      published.add(change);
    }
  }

  @Override
  public void touch(SessionTouch touch) {
    if (failTouches) {
      throw new IllegalStateException("session store unavailable");
    }
    touches.add(touch);
  }

  /** Returns the types of the published events of one todo, in publishing order. */
  List<String> publishedTypes(String todoId) {
    return published.stream()
        .filter(change -> change.state().id().equals(todoId))
        .map(TodoChange::eventType)
        .collect(Collectors.toList());
  }
}
