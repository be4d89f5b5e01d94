package dev.todomesh.gateway.support;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.activities.changes.TodoChangeActivitiesImpl;
import dev.todomesh.activities.events.EventActivitiesImpl;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.activities.readmodel.ReadModelActivitiesImpl;
import dev.todomesh.activities.readmodel.TodoReadModel;
import dev.todomesh.activities.sessions.SessionActivitiesImpl;
import dev.todomesh.activities.status.CommandStatusStore;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import org.redisson.api.RedissonClient;

/** Registers the real activities on a test worker, writing to the given Redis. */
public final class TestActivities {

  private TestActivities() {}

  public static void register(
      Worker worker, WorkflowClient client, RedissonClient redisson, String taskQueue) {
    Duration retention = Duration.ofHours(1);
    ReadModelActivitiesImpl readModel =
        new ReadModelActivitiesImpl(
            new TodoReadModel(redisson, "test", retention),
            new CommandStatusStore(redisson, "test", retention, Clock.systemUTC()));
    EventActivitiesImpl events =
        new EventActivitiesImpl(new EventLog(redisson, "test", new TodoPartitioner(1)));
    worker.registerActivitiesImplementations(
        readModel,
        events,
        new TodoChangeActivitiesImpl(readModel, events),
        new SessionActivitiesImpl(client, taskQueue, Duration.ofMinutes(30)));
  }
}
