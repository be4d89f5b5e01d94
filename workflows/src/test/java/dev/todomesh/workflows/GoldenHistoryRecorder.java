package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.upsert;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * {@code all} records every scenario except {@link GoldenHistories#BEFORE_SEARCH_ATTRIBUTES},
 * which stands for code that no longer exists.
 */
@EnabledIfSystemProperty(named = "record-histories", matches = ".+")
class GoldenHistoryRecorder {

  private static final String TASK_QUEUE = "todo-golden";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    TodoSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    env.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(TodoWorkflowImpl.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  @Test
  void recordSelectedScenarios() throws IOException {
    Set<String> selected = selected();
    if (selected.contains("created.json")) {
      send("golden-created", 100, upsert("golden-created", 1, "buy milk", false));
      awaitVersion("golden-created", 1);
      write("created.json", latestRun("golden-created"));
    }
    if (selected.contains("updated.json")) {
      sendEach("golden-updated", 100, List.of(
          upsert("golden-updated", 1, "buy milk", false),
          upsert("golden-updated", 2, "buy oat milk", false)));
      write("updated.json", latestRun("golden-updated"));
    }
    if (selected.contains("completed.json")) {
      sendEach("golden-completed", 100, List.of(
          upsert("golden-completed", 1, "buy milk", false),
          upsert("golden-completed", 2, "buy milk", true)));
      write("completed.json", latestRun("golden-completed"));
    }
    if (selected.contains(GoldenHistories.BEFORE_SEARCH_ATTRIBUTES)) {
      // Ends with continue-as-new: replay compares that event with the next command the code
      // issues, so code that upserts without the version check fails on this history.
      sendEach("golden-before", 2, List.of(
          upsert("golden-before", 1, "buy milk", false),
          upsert("golden-before", 2, "buy milk", true)));
      write(GoldenHistories.BEFORE_SEARCH_ATTRIBUTES, firstRun("golden-before"));
    }
    if (selected.contains("duplicate-skipped.json")) {
      TodoCommand first = upsert("golden-duplicate", 1, "buy milk", false);
      sendEach("golden-duplicate", 100, List.of(first));
      send("golden-duplicate", 100, first);
      sendEach("golden-duplicate", 100, List.of(upsert("golden-duplicate", 2, "buy bread", false)));
      write("duplicate-skipped.json", latestRun("golden-duplicate"));
    }
    if (selected.contains("continued-as-new-first-run.json")) {
      sendEach("golden-continued", 2, List.of(
          upsert("golden-continued", 1, "one", false),
          upsert("golden-continued", 2, "two", false),
          upsert("golden-continued", 3, "three", true)));
      write("continued-as-new-first-run.json", firstRun("golden-continued"));
      write("continued-as-new-second-run.json", latestRun("golden-continued"));
    }
  }

  private static Set<String> selected() {
    String property = System.getProperty("record-histories");
    if (property.equals("all")) {
      return GoldenHistories.SCENARIOS.stream()
          .filter(name -> !name.equals(GoldenHistories.BEFORE_SEARCH_ATTRIBUTES))
          .collect(Collectors.toSet());
    }
    return Arrays.stream(property.split(",")).map(String::trim).collect(Collectors.toSet());
  }

  private void sendEach(String todoId, int continueAsNewAfter, List<TodoCommand> commands) {
    List<TodoCommand> sent = new ArrayList<>();
    for (TodoCommand command : commands) {
      send(todoId, continueAsNewAfter, command);
      sent.add(command);
      String lastCommandId = command.commandId();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> {
            TodoState state = state(todoId);
            return state != null && lastCommandId.equals(state.lastCommandId());
          });
    }
  }

  private void send(String todoId, int continueAsNewAfter, TodoCommand command) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            TodoWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TodoWorkflow.workflowId(todoId))
                .setTaskQueue(TASK_QUEUE)
                .build());
    stub.signalWithStart(
        TodoWorkflow.APPLY_SIGNAL,
        new Object[] {new CommandBatch(List.of(command))},
        new Object[] {TodoWorkflowInput.start(todoId, continueAsNewAfter)});
  }

  private void awaitVersion(String todoId, long version) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> {
          TodoState state = state(todoId);
          return state != null && state.version() == version;
        });
  }

  private TodoState state(String todoId) {
    return client.newWorkflowStub(TodoWorkflow.class, TodoWorkflow.workflowId(todoId)).state();
  }

  private WorkflowExecutionHistory latestRun(String todoId) {
    return client.fetchHistory(TodoWorkflow.workflowId(todoId));
  }

  /** Returns the run that the latest run continued from. */
  private WorkflowExecutionHistory firstRun(String todoId) {
    String previousRunId =
        latestRun(todoId)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId();
    return client.fetchHistory(TodoWorkflow.workflowId(todoId), previousRunId);
  }

  private static void write(String name, WorkflowExecutionHistory history) throws IOException {
    Files.createDirectories(GoldenHistories.SOURCE_FOLDER);
    Path file = GoldenHistories.SOURCE_FOLDER.resolve(name);
    Files.writeString(file, history.toJson(true));
    System.out.println("Recorded " + file.toAbsolutePath());
  }
}
