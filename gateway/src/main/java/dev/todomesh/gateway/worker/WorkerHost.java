package dev.todomesh.gateway.worker;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.activities.changes.TodoChangeActivitiesImpl;
import dev.todomesh.activities.events.EventActivitiesImpl;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.activities.readmodel.ReadModelActivitiesImpl;
import dev.todomesh.activities.readmodel.TodoReadModel;
import dev.todomesh.activities.sessions.SessionActivitiesImpl;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.workflows.SessionWorkflowImpl;
import dev.todomesh.workflows.TodoWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the Temporal worker that executes the todo and session workflows and their activities. Starts before the pump and stops after
 * it, so that signals in flight during shutdown still find a worker.
 */
@Component
@ConditionalOnRole(TodoMeshProperties.Role.WORKER)
public class WorkerHost implements SmartLifecycle {

  /** Lifecycle phase: before the pump on start, after it on stop. */
  public static final int PHASE = Integer.MAX_VALUE - 4096;

  private static final Logger log = LoggerFactory.getLogger(WorkerHost.class);

  private final Supplier<WorkerFactory> factories;
  private final String taskQueue;
  private WorkerFactory factory;
  private volatile boolean running;

  public WorkerHost(
      WorkflowClient client,
      TodoMeshProperties properties,
      TodoReadModel readModel,
      CommandStatusStore statuses,
      EventLog eventLog,
      ObjectProvider<WorkerInterceptor> interceptors) {
    this.taskQueue = properties.temporal().taskQueue();
    // A stopped WorkerFactory cannot start again, so each start builds a new one. Spring stops
    // and starts lifecycle beans again, for example when a test pauses a cached context.
    this.factories =
        () -> {
          WorkerFactory created =
              WorkerFactory.newInstance(
                  client,
                  WorkerFactoryOptions.newBuilder()
                      .setWorkerInterceptors(
                          interceptors.orderedStream().toArray(WorkerInterceptor[]::new))
                      .build());
          Worker worker = created.newWorker(taskQueue);
          worker.registerWorkflowImplementationTypes(
              TodoWorkflowImpl.class, SessionWorkflowImpl.class);
          ReadModelActivitiesImpl readModelActivities =
              new ReadModelActivitiesImpl(readModel, statuses);
          EventActivitiesImpl eventActivities = new EventActivitiesImpl(eventLog);
          worker.registerActivitiesImplementations(
              readModelActivities,
              eventActivities,
              new TodoChangeActivitiesImpl(readModelActivities, eventActivities),
              new SessionActivitiesImpl(client, taskQueue, properties.sessions().idleTimeout()));
          return created;
        };
  }

  @Override
  public synchronized void start() {
    factory = factories.get();
    factory.start();
    running = true;
    log.info("Temporal worker started: taskQueue={}", taskQueue);
  }

  @Override
  public synchronized void stop() {
    if (factory == null) {
      return;
    }
    log.info("Temporal worker stopping: taskQueue={}", taskQueue);
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      log.warn("Temporal worker did not finish its tasks within 30 s; stopping it now");
      factory.shutdownNow();
    }
    factory = null;
    running = false;
    log.info("Temporal worker stopped: taskQueue={}", taskQueue);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
