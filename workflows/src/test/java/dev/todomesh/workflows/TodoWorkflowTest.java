package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TodoWorkflowTest {

  private static final String TASK_QUEUE = "todo-test";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(TodoWorkflowImpl.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  @Test
  void appliesCommandsInOrder() {
    send("a", 3, upsert("a", 1, "one", false), upsert("a", 2, "two", false));
    send("a", 3, upsert("a", 3, "three", true));

    TodoState state = awaitState("a", s -> s.version() == 3);

    assertThat(state.title()).isEqualTo("three");
    assertThat(state.completed()).isTrue();
    assertThat(state.lastCommandId()).isEqualTo("cmd-a-3");
  }

  @Test
  void duplicateDeliveryChangesStateOnce() {
    TodoCommand command = upsert("a", 1, "one", false);
    send("a", 100, command);
    send("a", 100, command);
    send("a", 100, upsert("a", 2, "two", false));

    TodoState state = awaitState("a", s -> "two".equals(s.title()));

    assertThat(state.version()).isEqualTo(2);
  }

  @Test
  void continueAsNewCarriesStateAndDeduplication() {
    int commands = 40;
    for (int i = 1; i <= commands; i++) {
      send("a", 3, upsert("a", i, "title " + i, false));
    }

    TodoState state = awaitState("a", s -> s.version() == commands);
    assertThat(state.title()).isEqualTo("title " + commands);
    assertThat(state.createdAt()).isEqualTo(Commands.T0.plusSeconds(1));
    assertThat(latestRunWasContinuedAsNew("a")).isTrue();

    send("a", 3, upsert("a", 1, "replayed", false), upsert("a", commands, "replayed", false));
    send("a", 3, upsert("a", commands + 1, "after", false));

    TodoState after = awaitState("a", s -> s.version() == commands + 1);
    assertThat(after.title()).isEqualTo("after");
  }

  private void send(String todoId, int continueAsNewAfter, TodoCommand... commands) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            TodoWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TodoWorkflow.workflowId(todoId))
                .setTaskQueue(TASK_QUEUE)
                .build());
    // The test server can answer NOT_FOUND for a signal that races with continue-as-new; the
    // pump retries such errors, so the test does too.
    for (int attempt = 1; ; attempt++) {
      try {
        stub.signalWithStart(
            TodoWorkflow.APPLY_SIGNAL,
            new Object[] {new CommandBatch(List.of(commands))},
            new Object[] {TodoWorkflowInput.start(todoId, continueAsNewAfter)});
        return;
      } catch (WorkflowServiceException e) {
        if (attempt >= 5 || !(e.getCause() instanceof StatusRuntimeException status)
            || status.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
        env.sleep(Duration.ofMillis(20));
      }
    }
  }

  private TodoState awaitState(String todoId, Predicate<TodoState> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    TodoState state = null;
    while (System.nanoTime() < deadline) {
      state =
          client.newWorkflowStub(TodoWorkflow.class, TodoWorkflow.workflowId(todoId)).state();
      if (state != null && condition.test(state)) {
        return state;
      }
      env.sleep(Duration.ofMillis(50));
    }
    throw new AssertionError("todo " + todoId + " did not reach the expected state; last: " + state);
  }

  private boolean latestRunWasContinuedAsNew(String todoId) {
    WorkflowExecution latest =
        client.newUntypedWorkflowStub(TodoWorkflow.workflowId(todoId)).getExecution();
    return client
        .fetchHistory(TodoWorkflow.workflowId(todoId), latest.getRunId())
        .getEvents()
        .stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
        .anyMatch(e -> !e.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId().isEmpty());
  }
}
