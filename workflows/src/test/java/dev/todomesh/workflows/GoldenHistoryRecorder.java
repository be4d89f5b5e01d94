package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.completing;
import static dev.todomesh.workflows.Commands.delete;
import static dev.todomesh.workflows.Commands.patch;
import static dev.todomesh.workflows.Commands.upsert;
import static dev.todomesh.workflows.Commands.upsertDue;

import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the golden histories with the current workflow code and writes them to {@code
 * src/test/resources/histories}. Skipped unless {@code record-histories} names what to record:
 *
 * <pre>
 * ./mvnw -pl workflows verify -Dtest=GoldenHistoryRecorder -Drecord-histories=all
 * ./mvnw -pl workflows verify -Dtest=GoldenHistoryRecorder -Drecord-histories=created.json
 * </pre>
 *
 * {@code all} records every scenario except the {@link GoldenHistories#FROZEN} ones, which stand
 * for code that no longer exists.
 */
@EnabledIfSystemProperty(named = "record-histories", matches = ".+")
class GoldenHistoryRecorder {

  private static final Duration SESSION_IDLE = Duration.ofMinutes(30);

  private WorkflowHarness harness;
  private Set<String> selected;

  @BeforeEach
  void startEnvironment() {
    harness = new WorkflowHarness();
    selected = selected();
  }

  @AfterEach
  void stopEnvironment() {
    harness.close();
  }

  @Test
  void recordSelectedScenarios() throws IOException {
    record("created.json", "golden-created", 100, upsert("golden-created", 1, "buy milk", false));
    record(
        "updated.json",
        "golden-updated",
        100,
        upsert("golden-updated", 1, "buy milk", false),
        upsert("golden-updated", 2, "buy oat milk", false));
    record(
        "completed.json",
        "golden-completed",
        100,
        upsert("golden-completed", 1, "buy milk", false),
        upsert("golden-completed", 2, "buy milk", true));
    record(
        "patched.json",
        "golden-patched",
        100,
        upsert("golden-patched", 1, "buy milk", false),
        patch("golden-patched", 2, completing()));
    record(
        "deleted.json",
        "golden-deleted",
        100,
        upsert("golden-deleted", 1, "buy milk", false),
        delete("golden-deleted", 2));
    if (selected.contains("unknown-todo-closed.json")) {
      sendEach("golden-unknown", 100, patch("golden-unknown", 1, completing()));
      harness
          .client
          .newUntypedWorkflowStub(TodoWorkflow.workflowId("golden-unknown"))
          .getResult(Void.class);
      write("unknown-todo-closed.json", latestRun("golden-unknown"));
    }
    if (selected.contains("batched.json")) {
      // One signal with three commands: one step rejects the first, applies two, reports once.
      harness.send(
          "golden-batched",
          100,
          patch("golden-batched", 1, completing()),
          upsert("golden-batched", 2, "buy milk", false),
          patch("golden-batched", 3, completing()));
      harness.awaitTrue(
          () -> handled("cmd-golden-batched-3"), () -> "the batch was not handled");
      write("batched.json", latestRun("golden-batched"));
    }
    if (selected.contains("duplicate-skipped.json")) {
      TodoCommand first = upsert("golden-duplicate", 1, "buy milk", false);
      sendEach("golden-duplicate", 100, first);
      harness.send("golden-duplicate", 100, first);
      sendEach("golden-duplicate", 100, upsert("golden-duplicate", 2, "buy bread", false));
      write("duplicate-skipped.json", latestRun("golden-duplicate"));
    }
    if (selected.contains("continued-as-new-first-run.json")) {
      sendEach(
          "golden-continued",
          2,
          upsert("golden-continued", 1, "one", false),
          upsert("golden-continued", 2, "two", false),
          upsert("golden-continued", 3, "three", true));
      write("continued-as-new-first-run.json", firstRun("golden-continued"));
      write("continued-as-new-second-run.json", latestRun("golden-continued"));
    }
    if (selected.contains("reminded.json")) {
      Instant dueAt = harness.now().plus(Duration.ofHours(1));
      sendEach("golden-reminded", 100, upsertDue("golden-reminded", 1, dueAt, "golden-session"));
      harness.env.sleep(Duration.ofHours(2));
      harness.awaitState("golden-reminded", state -> dueAt.equals(state.reminderSentFor()));
      write("reminded.json", latestRun("golden-reminded"));
    }
    if (selected.contains("session-expired.json")) {
      String workflowId = SessionWorkflow.workflowId("golden-session-expiry");
      harness
          .client
          .newUntypedWorkflowStub(
              SessionWorkflow.TYPE,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(workflowId)
                  .setTaskQueue(WorkflowHarness.TASK_QUEUE)
                  .build())
          .signalWithStart(
              SessionWorkflow.TOUCH_SIGNAL,
              new Object[] {
                new SessionTouch("golden-session-expiry", "a", "cmd-a-1", harness.now())
              },
              new Object[] {SessionWorkflowInput.start("golden-session-expiry", SESSION_IDLE)});
      harness.client.newUntypedWorkflowStub(workflowId).getResult(SessionState.class);
      write("session-expired.json", harness.client.fetchHistory(workflowId));
    }
    if (selected.contains(GoldenHistories.BEFORE_SEARCH_ATTRIBUTES)) {
      // Ends with continue-as-new: replay compares that event with the next command the code
      // issues, so code that upserts without the version check fails on this history.
      sendEach(
          "golden-before",
          2,
          upsert("golden-before", 1, "buy milk", false),
          upsert("golden-before", 2, "buy milk", true));
      write(GoldenHistories.BEFORE_SEARCH_ATTRIBUTES, firstRun("golden-before"));
    }
  }

  /** Sends the commands one at a time and records the todo's latest run, when selected. */
  private void record(String name, String todoId, int continueAsNewAfter, TodoCommand... commands)
      throws IOException {
    if (!selected.contains(name)) {
      return;
    }
    sendEach(todoId, continueAsNewAfter, commands);
    write(name, latestRun(todoId));
  }

  private static Set<String> selected() {
    String property = System.getProperty("record-histories");
    if (property.equals("all")) {
      return GoldenHistories.SCENARIOS.stream()
          .filter(name -> !GoldenHistories.FROZEN.contains(name))
          .collect(Collectors.toSet());
    }
    return Arrays.stream(property.split(",")).map(String::trim).collect(Collectors.toSet());
  }

  /**
   * Sends each command in its own signal and waits until the todo has handled it, so that each
   * lands in its own workflow task as commands from separate pump reads do.
   */
  private void sendEach(String todoId, int continueAsNewAfter, TodoCommand... commands) {
    for (TodoCommand command : commands) {
      harness.send(todoId, continueAsNewAfter, command);
      harness.awaitTrue(
          () -> handled(command.commandId()),
          () -> "command " + command.commandId() + " was not handled");
    }
  }

  /** Returns true once the workflow published the command's change or recorded its rejection. */
  private boolean handled(String commandId) {
    return harness.activities.published.stream()
            .anyMatch(change -> commandId.equals(change.commandId()))
        || harness.activities.rejections.stream()
            .anyMatch(rejection -> commandId.equals(rejection.commandId()));
  }

  private WorkflowExecutionHistory latestRun(String todoId) {
    return harness.client.fetchHistory(TodoWorkflow.workflowId(todoId));
  }

  /** Returns the run that the latest run continued from. */
  private WorkflowExecutionHistory firstRun(String todoId) {
    String previousRunId =
        latestRun(todoId)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId();
    return harness.client.fetchHistory(TodoWorkflow.workflowId(todoId), previousRunId);
  }

  private static void write(String name, WorkflowExecutionHistory history) throws IOException {
    Files.createDirectories(GoldenHistories.SOURCE_FOLDER);
    Path file = GoldenHistories.SOURCE_FOLDER.resolve(name);
    Files.writeString(file, history.toJson(true));
    System.out.println("Recorded " + file.toAbsolutePath());
  }
}
