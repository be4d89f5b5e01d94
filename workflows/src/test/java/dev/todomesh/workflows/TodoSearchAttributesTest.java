package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search attributes and memo that the todo workflow upserts, as Temporal stores them. */
class TodoSearchAttributesTest {

  private static final String TASK_QUEUE = "todo-search-attributes";

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
  void attributesFollowAppliedState() {
    send(upsert("sa", 1, "buy milk", false));
    send(upsert("sa", 2, "buy oat milk", true));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              WorkflowExecutionDescription description = describe();
              assertThat(description.getTypedSearchAttributes().get(TodoSearchAttributes.STATUS))
                  .isEqualTo("completed");
              assertThat(
                      description
                          .getTypedSearchAttributes()
                          .get(TodoSearchAttributes.LAST_COMMAND_ID))
                  .isEqualTo("cmd-sa-2");
              assertThat(description.getMemo(TodoSearchAttributes.TITLE_MEMO, String.class))
                  .isEqualTo("buy oat milk");
            });
  }

  @Test
  void openTodoHasOpenStatus() {
    send(upsert("sa-open", 1, "buy milk", false));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        describe("sa-open")
                            .getTypedSearchAttributes()
                            .get(TodoSearchAttributes.STATUS))
                    .isEqualTo("open"));
  }

  private void send(TodoCommand command) {
    client
        .newUntypedWorkflowStub(
            TodoWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TodoWorkflow.workflowId(command.todoId()))
                .setTaskQueue(TASK_QUEUE)
                .build())
        .signalWithStart(
            TodoWorkflow.APPLY_SIGNAL,
            new Object[] {new CommandBatch(List.of(command))},
            new Object[] {TodoWorkflowInput.start(command.todoId(), 100)});
  }

  private WorkflowExecutionDescription describe() {
    return describe("sa");
  }

  private WorkflowExecutionDescription describe(String todoId) {
    return client.newUntypedWorkflowStub(TodoWorkflow.workflowId(todoId)).describe();
  }
}
