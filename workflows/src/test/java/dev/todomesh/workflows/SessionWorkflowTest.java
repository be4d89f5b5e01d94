package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.upsertDue;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session expiry on a durable timer, with the test server skipping time. */
class SessionWorkflowTest {

  private static final Duration IDLE = Duration.ofMinutes(30);

  private WorkflowHarness harness;

  @BeforeEach
  void startEnvironment() {
    harness = new WorkflowHarness();
  }

  @AfterEach
  void stopEnvironment() {
    harness.close();
  }

  @Test
  void touchesAreRecorded() {
    touch("s1", "a");
    touch("s1", "b");
    touch("s1", "a");

    harness.awaitTrue(() -> state("s1").touches() == 3, () -> "expected 3 touches");

    assertThat(state("s1").todoIds()).containsExactly("b", "a");
    assertThat(state("s1").expired()).isFalse();
  }

  @Test
  void idleSessionExpiresWithTimerInHistory() {
    touch("s1", "a");

    SessionState result =
        harness.client.newUntypedWorkflowStub(SessionWorkflow.workflowId("s1")).getResult(SessionState.class);

    assertThat(result.expired()).isTrue();
    assertThat(result.todoIds()).containsExactly("a");
    assertThat(firedTimers("s1")).isEqualTo(1);
  }

  @Test
  void touchPostponesExpiry() {
    touch("s1", "a");
    harness.env.sleep(IDLE.minusMinutes(5));

    touch("s1", "b");
    harness.awaitTrue(() -> state("s1").touches() == 2, () -> "expected 2 touches");
    harness.env.sleep(Duration.ofMinutes(20));

    assertThat(state("s1").expired()).isFalse();
  }

  @Test
  void failingSessionSignalDoesNotBlockTodo() {
    harness.activities.failTouches = true;
    Instant dueAt = harness.now().plus(Duration.ofDays(1));
    harness.send("a", 100, upsertDue("a", 1, dueAt, "s1"), upsertDue("a", 2, dueAt, "s1"));

    TodoState state = harness.awaitState("a", s -> s.version() == 2);

    assertThat(state.sessionId()).isEqualTo("s1");
    assertThat(harness.activities.touches).isEmpty();
  }

  @Test
  void startedAtIsFirstCommandAcceptTime() {
    Instant acceptedAt = harness.now().minusSeconds(3);
    touch("s1", "a", acceptedAt);
    touch("s1", "b", acceptedAt.plusSeconds(1));

    harness.awaitTrue(() -> state("s1").touches() == 2, () -> "expected 2 touches");

    assertThat(state("s1").startedAt()).isEqualTo(acceptedAt);
  }

  private void touch(String sessionId, String todoId) {
    touch(sessionId, todoId, harness.now());
  }

  private void touch(String sessionId, String todoId, Instant acceptedAt) {
    WorkflowStub stub =
        harness.client.newUntypedWorkflowStub(
            SessionWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(SessionWorkflow.workflowId(sessionId))
                .setTaskQueue(WorkflowHarness.TASK_QUEUE)
                .build());
    stub.signalWithStart(
        SessionWorkflow.TOUCH_SIGNAL,
        new Object[] {new SessionTouch(sessionId, todoId, "cmd-" + todoId, acceptedAt)},
        new Object[] {SessionWorkflowInput.start(sessionId, IDLE)});
  }

  private SessionState state(String sessionId) {
    return harness.client
        .newWorkflowStub(SessionWorkflow.class, SessionWorkflow.workflowId(sessionId))
        .state();
  }

  private long firedTimers(String sessionId) {
    return harness.client.fetchHistory(SessionWorkflow.workflowId(sessionId)).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)
        .count();
  }
}
