package dev.todomesh.activities.sessions;

import dev.todomesh.workflows.SessionTouch;
import dev.todomesh.workflows.SessionWorkflow;
import dev.todomesh.workflows.SessionWorkflowInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;

/**
 * Sends touches to session workflows with {@code signalWithStart}. A session that expired has
 * completed, so a touch after that starts a new session under the same ID.
 */
public final class SessionActivitiesImpl implements SessionActivities {

  private final WorkflowClient client;
  private final String taskQueue;
  private final Duration idleTimeout;

  public SessionActivitiesImpl(WorkflowClient client, String taskQueue, Duration idleTimeout) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void touch(SessionTouch touch) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            SessionWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(SessionWorkflow.workflowId(touch.sessionId()))
                .setTaskQueue(taskQueue)
                .build());
    stub.signalWithStart(
        SessionWorkflow.TOUCH_SIGNAL,
        new Object[] {touch},
        new Object[] {SessionWorkflowInput.start(touch.sessionId(), idleTimeout)});
  }
}
