package dev.todomesh.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A time-skipping Temporal test environment with the todo and session workflows and recording
 * activities registered, and helpers to signal todos and wait for their state.
 */
final class WorkflowHarness implements AutoCloseable {

  static final String TASK_QUEUE = "todo-test";

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final RecordingActivities activities = new RecordingActivities();

  WorkflowHarness() {
    env = TestWorkflowEnvironment.newInstance();
    TodoSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(TodoWorkflowImpl.class, SessionWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    client = env.getWorkflowClient();
  }

  /** Returns the test server's current time, which time skipping moves forward. */
  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  void send(String todoId, int continueAsNewAfter, TodoCommand... commands) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            TodoWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TodoWorkflow.workflowId(todoId))
                .setTaskQueue(TASK_QUEUE)
                .build());
    // The test server can return NOT_FOUND for a signal that races with continue-as-new; the
    // pump retries such errors, so the test does too.
    for (int attempt = 1; ; attempt++) {
      try {
        stub.signalWithStart(
            TodoWorkflow.APPLY_SIGNAL,
            new Object[] {new CommandBatch(List.of(commands))},
            new Object[] {TodoWorkflowInput.start(todoId, continueAsNewAfter)});
        return;
      } catch (WorkflowServiceException e) {
        if (attempt >= 5
            || !(e.getCause() instanceof StatusRuntimeException status)
            || status.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
        env.sleep(Duration.ofMillis(20));
      }
    }
  }

  TodoState state(String todoId) {
    return client.newWorkflowStub(TodoWorkflow.class, TodoWorkflow.workflowId(todoId)).state();
  }

  /** Polls the todo's state for up to 20 s of wall time until it matches. */
  TodoState awaitState(String todoId, Predicate<TodoState> condition) {
    TodoState[] last = new TodoState[1];
    awaitTrue(
        () -> {
          last[0] = state(todoId);
          return last[0] != null && condition.test(last[0]);
        },
        () -> "todo " + todoId + " did not reach the expected state; last: " + last[0]);
    return last[0];
  }

  /** Polls the condition for up to 20 s of wall time, sleeping in server time between polls. */
  void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> failure) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      env.sleep(Duration.ofMillis(50));
    }
    throw new AssertionError(failure.get());
  }

  @Override
  public void close() {
    env.close();
  }
}
