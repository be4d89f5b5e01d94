package dev.todomesh.activities.changes;

import dev.todomesh.activities.events.EventActivitiesImpl;
import dev.todomesh.activities.readmodel.ReadModelActivitiesImpl;
import dev.todomesh.workflows.TodoChangeBatch;
import io.temporal.activity.Activity;

/**
 * Writes a {@link TodoChangeBatch} with the same code as the per-change activities. The read
 * model comes first, so a client that reads a command's {@code applied} status can also read
 * its write; the events come last, so a consumer that receives an event can read at least that
 * version from the read model.
 */
public final class TodoChangeActivitiesImpl implements TodoChangeActivities {

  private final ReadModelActivitiesImpl readModel;
  private final EventActivitiesImpl events;

  public TodoChangeActivitiesImpl(ReadModelActivitiesImpl readModel, EventActivitiesImpl events) {
    this.readModel = readModel;
    this.events = events;
  }

  @Override
  public void record(TodoChangeBatch batch) {
    readModel.projectAll(batch.changes());
    String runId = Activity.getExecutionContext().getInfo().getRunId();
    batch.rejections().forEach(rejection -> readModel.recordRejection(rejection, runId));
    events.publishAll(batch.changes());
  }
}
