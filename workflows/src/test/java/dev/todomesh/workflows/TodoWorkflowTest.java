package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.delete;
import static dev.todomesh.workflows.Commands.patch;
import static dev.todomesh.workflows.Commands.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TodoWorkflowTest {

  private WorkflowHarness harness;
  private WorkflowClient client;

  @BeforeEach
  void startEnvironment() {
    harness = new WorkflowHarness();
    client = harness.client;
  }

  @AfterEach
  void stopEnvironment() {
    harness.close();
  }

  @Test
  void appliesCommandsInOrder() {
    harness.send("a", 3, upsert("a", 1, "one", false), upsert("a", 2, "two", false));
    harness.send("a", 3, upsert("a", 3, "three", true));

    TodoState state = harness.awaitState("a", s -> s.version() == 3);

    assertThat(state.title()).isEqualTo("three");
    assertThat(state.completed()).isTrue();
    assertThat(state.lastCommandId()).isEqualTo("cmd-a-3");
  }

  @Test
  void duplicateDeliveryChangesStateOnce() {
    TodoCommand command = upsert("a", 1, "one", false);
    harness.send("a", 100, command);
    harness.send("a", 100, command);
    harness.send("a", 100, upsert("a", 2, "two", false));

    TodoState state = harness.awaitState("a", s -> "two".equals(s.title()));

    assertThat(state.version()).isEqualTo(2);
  }

  @Test
  void continueAsNewCarriesStateAndDeduplication() {
    int commands = 40;
    for (int i = 1; i <= commands; i++) {
      harness.send("a", 3, upsert("a", i, "title " + i, false));
    }

    TodoState state = harness.awaitState("a", s -> s.version() == commands);
    assertThat(state.title()).isEqualTo("title " + commands);
    assertThat(state.createdAt()).isEqualTo(Commands.T0.plusSeconds(1));
    assertThat(latestRunWasContinuedAsNew("a")).isTrue();

    harness.send("a", 3, upsert("a", 1, "replayed", false), upsert("a", commands, "replayed", false));
    harness.send("a", 3, upsert("a", commands + 1, "after", false));

    TodoState after = harness.awaitState("a", s -> s.version() == commands + 1);
    assertThat(after.title()).isEqualTo("after");
  }

  @Test
  void eachAppliedChangeIsPublishedOnceInVersionOrder() {
    harness.send(
        "a",
        100,
        upsert("a", 1, "one", false),
        patch("a", 2, Commands.completing()),
        delete("a", 3));

    harness.awaitTrue(
        () -> harness.activities.published.size() == 3,
        () -> "expected 3 events, got " + harness.activities.published);

    assertThat(harness.activities.publishedTypes("a"))
        .containsExactly(TodoChange.CREATED, TodoChange.UPDATED, TodoChange.DELETED);
    assertThat(harness.activities.published)
        .extracting(change -> change.state().version())
        .containsExactly(1L, 2L, 3L);
    assertThat(harness.activities.projected).hasSize(3);
  }

  @Test
  void failedReportIsRetriedUntilItSucceeds() {
    harness.activities.reportFailures.set(2);

    harness.send("a", 100, upsert("a", 1, "buy milk", false));

    harness.awaitTrue(
        () -> harness.activities.published.size() == 1, () -> "the report was not retried");
    assertThat(harness.activities.reportFailures.get()).isZero();
    assertThat(harness.activities.published.get(0).commandId()).isEqualTo("cmd-a-1");
  }

  @Test
  void unknownTodoRunCompletesAfterRejection() {
    harness.send("a", 100, patch("a", 1, Commands.completing()));

    harness.awaitTrue(
        () -> status("a") == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        () -> "the run of the unknown todo did not complete");
    assertThat(harness.activities.rejections).hasSize(1);
    assertThat(harness.activities.rejections.get(0).commandId()).isEqualTo("cmd-a-1");
    assertThat(harness.activities.rejections.get(0).reason()).contains("does not exist");
  }

  @Test
  void createAfterClosedRunStartsNewRun() {
    harness.send("a", 100, patch("a", 1, Commands.completing()));
    harness.awaitTrue(
        () -> status("a") == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        () -> "the run of the unknown todo did not complete");
    String closedRunId = runId("a");

    harness.send("a", 100, upsert("a", 2, "created after all", false));
    TodoState state = harness.awaitState("a", s -> s.version() == 1);

    assertThat(state.title()).isEqualTo("created after all");
    assertThat(runId("a")).isNotEqualTo(closedRunId);
    assertThat(status("a")).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void createRacingClosingRunIsApplied() {
    // Each create is sent right after a rejected patch, so it can reach the run while that run
    // completes. Temporal then fails the completion, and the run applies the create.
    for (int i = 0; i < 20; i++) {
      String todoId = "race-" + i;
      harness.send(todoId, 100, patch(todoId, 1, Commands.completing()));
      harness.send(todoId, 100, upsert(todoId, 2, "created " + i, false));
    }

    for (int i = 0; i < 20; i++) {
      TodoState state = harness.awaitState("race-" + i, s -> s.version() == 1);
      assertThat(state.title()).isEqualTo("created " + i);
    }
  }

  @Test
  void rejectionThenCreateKeepsRunOpen() {
    harness.send(
        "a", 100, patch("a", 1, Commands.completing()), upsert("a", 2, "buy milk", false));

    TodoState state = harness.awaitState("a", s -> s.version() == 1);

    assertThat(state.title()).isEqualTo("buy milk");
    assertThat(harness.activities.rejections).hasSize(1);
    assertThat(status("a")).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void closingRunTouchesSessionFirst() {
    TodoCommand patch = patch("a", 1, Commands.completing());
    TodoCommand inSession =
        new TodoCommand(
            patch.commandId(),
            patch.todoId(),
            patch.type(),
            patch.title(),
            patch.completed(),
            patch.acceptedAt(),
            patch.source(),
            patch.order(),
            patch.dueAt(),
            patch.patch(),
            "session-1");
    harness.send("a", 100, inSession);

    harness.awaitTrue(
        () -> status("a") == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        () -> "the run of the unknown todo did not complete");

    assertThat(harness.activities.touches)
        .extracting(SessionTouch::sessionId)
        .containsExactly("session-1");
  }

  private String runId(String todoId) {
    return client
        .newUntypedWorkflowStub(TodoWorkflow.workflowId(todoId))
        .describe()
        .getExecution()
        .getRunId();
  }

  private WorkflowExecutionStatus status(String todoId) {
    return client
        .newUntypedWorkflowStub(TodoWorkflow.workflowId(todoId))
        .describe()
        .getStatus();
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
