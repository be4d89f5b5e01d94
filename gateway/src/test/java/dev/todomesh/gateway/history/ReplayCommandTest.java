package dev.todomesh.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.embedded.EmbeddedTemporal;
import dev.todomesh.embedded.Ports;
import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.StreamPosition;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoSearchAttributes;
import dev.todomesh.workflows.TodoState;
import dev.todomesh.workflows.TodoWorkflow;
import dev.todomesh.workflows.TodoWorkflowImpl;
import dev.todomesh.workflows.TodoWorkflowInput;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code replay} command on histories recorded by the real todo workflow on a port-bound
 * Temporal test server: from files, from the server, and against a changed workflow.
 */
class ReplayCommandTest {

  private static final String TODO_ID = "replay-1";
  private static final String TASK_QUEUE = "replay-test";

  static EmbeddedTemporal temporal;
  static WorkflowServiceStubs stubs;
  static WorkerFactory workers;
  static WorkflowExecutionHistory firstRun;
  static List<WorkflowExecutionHistory> allRuns;

  @TempDir Path dir;

  @BeforeAll
  static void recordHistories() {
    temporal = EmbeddedTemporal.start(Ports.findFree(), "test port");
    temporal.registerSearchAttributes(TodoSearchAttributes.definitions());
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    workers = WorkerFactory.newInstance(client);
    Worker worker = workers.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(TodoWorkflowImpl.class);
    // The workflow's activities write the read model and events; this test needs none of that.
    worker.registerActivitiesImplementations((DynamicActivity) arguments -> null);
    workers.start();

    TodoWorkflow todo =
        client.newWorkflowStub(
            TodoWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(TodoWorkflow.workflowId(TODO_ID))
                .build());
    WorkflowClient.start(todo::run, TodoWorkflowInput.start(TODO_ID, 2));
    for (int i = 1; i <= 3; i++) {
      todo.apply(new CommandBatch(List.of(command(i))));
      long version = i;
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> version(todo) == version);
    }

    // Under load the state query has shown the last command while the first run had not yet
    // recorded its continue-as-new, so wait for that event.
    WorkflowHistories histories = new WorkflowHistories(client);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              allRuns = histories.allRuns(TodoWorkflow.workflowId(TODO_ID));
              return allRuns.size() >= 2
                  && allRuns.get(0).getLastEvent().getEventType()
                      == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
            });
    firstRun = allRuns.get(0);
  }

  @AfterAll
  static void stopServer() {
    workers.shutdownNow();
    stubs.shutdownNow();
    temporal.close();
  }

  @Test
  void recordedHistoryReplaysCleanly() throws Exception {
    Path file = write("first-run.json", HistoryDocuments.toJson(firstRun));

    Result result = replay(List.of(TodoWorkflowImpl.class), file.toString());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_REPLAYED);
    assertThat(result.out())
        .startsWith("OK todo:replay-1 run " + HistoryDocuments.runIdOf(firstRun).orElseThrow());
  }

  @Test
  void slowWorkflowCodeStillReplays() throws Exception {
    Path file = write("first-run.json", HistoryDocuments.toJson(firstRun));

    Result result = replay(List.of(SlowStartTodoWorkflow.class), file.toString());

    assertThat(result.exitCode()).as(result.out()).isEqualTo(ReplayCommand.EXIT_REPLAYED);
    assertThat(result.out()).startsWith("OK todo:replay-1");
  }

  @Test
  void failureWithoutNonDeterminismIsNotCalledDivergence() {
    Exception error =
        new RuntimeException(
            "query failure for workflow_id: replay, error=InternalWorkflowTaskException: Failure"
                + " handling event 4 of type 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED' during replay.");

    Divergence divergence = Divergence.describe(firstRun, error);

    assertThat(divergence.nonDeterministic()).isFalse();
    assertThat(divergence.explanation())
        .startsWith("Replay failed while handling event 4 (WORKFLOW_TASK_COMPLETED)")
        .doesNotContain("diverged")
        .doesNotContain("Workflow.getVersion");
  }

  @Test
  void changedWorkflowIsReportedNonDeterministic() throws Exception {
    Path file = write("first-run.json", HistoryDocuments.toJson(firstRun));
    HistoryEvent firstCommandEvent = firstCommandEventAfterSignal(firstRun);

    Result result = replay(List.of(SleepBeforeApplyTodoWorkflow.class), file.toString());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_DIVERGED);
    assertThat(result.out()).startsWith("NON-DETERMINISTIC todo:replay-1");
    assertThat(result.out())
        .contains(
            "Replay diverged at event "
                + firstCommandEvent.getEventId()
                + ": the history records "
                + firstCommandEvent.getEventType().name().replaceFirst("^EVENT_TYPE_", ""));
    assertThat(result.out())
        .contains("but the current code did not run local activity RecordTodoChanges");
    assertThat(result.out()).contains("Workflow.getVersion");
  }

  @Test
  void arrayFileReplaysEveryRun() throws Exception {
    Path file = write("all-runs.json", HistoryDocuments.toJsonArray(allRuns));

    Result result = replay(List.of(TodoWorkflowImpl.class), file.toString());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_REPLAYED);
    assertThat(result.out().lines().filter(line -> line.startsWith("OK todo:replay-1")))
        .hasSize(allRuns.size());
    assertThat(result.out())
        .contains(allRuns.size() + " of " + allRuns.size() + " histories replayed cleanly");
  }

  @Test
  void workflowIdFetchesFromTemporal() {
    Result result =
        replay(
            List.of(TodoWorkflowImpl.class),
            "--workflow-id",
            TodoWorkflow.workflowId(TODO_ID),
            "--all-runs",
            "--todo-mesh.temporal.target=" + temporal.target());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_REPLAYED);
    assertThat(result.out()).contains("fetched from " + temporal.target());
    assertThat(result.out().lines().filter(line -> line.startsWith("OK todo:replay-1")))
        .hasSize(allRuns.size());
  }

  @Test
  void unknownWorkflowIdIsUsageError() {
    Result result =
        replay(
            List.of(TodoWorkflowImpl.class),
            "--workflow-id=todo:never-started",
            "--todo-mesh.temporal.target=" + temporal.target());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
    assertThat(result.err()).contains("workflow todo:never-started not found");
  }

  @Test
  void missingFileIsUsageError() {
    Result result = replay(List.of(TodoWorkflowImpl.class), dir.resolve("absent.json").toString());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
    assertThat(result.err()).contains("absent.json");
  }

  @Test
  void fileWithoutEventsIsUsageError() throws Exception {
    Path file = write("not-a-history.json", "{\"workflowId\": \"todo:x\"}");

    Result result = replay(List.of(TodoWorkflowImpl.class), file.toString());

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
    assertThat(result.err())
        .contains("not-a-history.json is not a workflow history in Temporal's JSON format")
        .contains("\"events\"");
  }

  @Test
  void noArgumentsPrintsUsage() {
    Result result = replay(List.of(TodoWorkflowImpl.class));

    assertThat(result.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
    assertThat(result.err()).contains("Usage: java -jar todo-mesh.jar replay FILE...");
  }

  private Path write(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  private static Result replay(List<Class<?>> workflows, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode =
        new ReplayCommand(
                workflows,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(new ArrayList<>(List.of(args)));
    return new Result(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Returns the first event that records a command of the real workflow after the first signal:
   * where the variant, which starts a timer there, must diverge. Version markers are skipped
   * because the SDK tolerates a missing one.
   */
  /** Returns the first event after a signal that a command made, other than a version marker. */
  private static HistoryEvent firstCommandEventAfterSignal(WorkflowExecutionHistory history) {
    Set<EventType> commandEvents =
        Set.of(
            EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EventType.EVENT_TYPE_TIMER_STARTED,
            EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
            EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    boolean signalled = false;
    for (HistoryEvent event : history.getEvents()) {
      signalled |= event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
      boolean localActivity =
          event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
              && event.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity");
      if (signalled && (localActivity || commandEvents.contains(event.getEventType()))) {
        return event;
      }
    }
    throw new AssertionError("no command event after a signal in the recorded history");
  }

  private static long version(TodoWorkflow todo) {
    TodoState state = todo.state();
    return state == null ? 0 : state.version();
  }

  private static TodoCommand command(int sequence) {
    return new TodoCommand(
        "command-" + sequence,
        TODO_ID,
        CommandType.UPSERT,
        "title " + sequence,
        false,
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence),
        new StreamPosition(0, "1-" + sequence));
  }

  private record Result(int exitCode, String out, String err) {}
}
