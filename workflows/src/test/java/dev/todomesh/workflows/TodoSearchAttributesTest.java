package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.delete;
import static dev.todomesh.workflows.Commands.upsert;
import static dev.todomesh.workflows.Commands.upsertDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search attributes and memo that the todo workflow upserts, as Temporal stores them. */
class TodoSearchAttributesTest {

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
  void attributesFollowAppliedState() {
    harness.send("sa", 100, upsert("sa", 1, "buy milk", false));
    harness.send("sa", 100, upsert("sa", 2, "buy oat milk", true));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              WorkflowExecutionDescription description = describe("sa");
              SearchAttributes attributes = description.getTypedSearchAttributes();
              assertThat(attributes.get(TodoSearchAttributes.STATUS)).isEqualTo("completed");
              assertThat(attributes.get(TodoSearchAttributes.LAST_COMMAND_ID))
                  .isEqualTo("cmd-sa-2");
              assertThat(description.getMemo(TodoSearchAttributes.TITLE_MEMO, String.class))
                  .isEqualTo("buy oat milk");
            });
  }

  @Test
  void dueTimeAndSessionAreSet() {
    var dueAt = harness.now().plus(Duration.ofDays(1));
    harness.send("sa-due", 100, upsertDue("sa-due", 1, dueAt, "session-1"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SearchAttributes attributes = describe("sa-due").getTypedSearchAttributes();
              assertThat(attributes.get(TodoSearchAttributes.STATUS)).isEqualTo("open");
              assertThat(attributes.get(TodoSearchAttributes.DUE_AT))
                  .isEqualTo(dueAt.atOffset(ZoneOffset.UTC));
              assertThat(attributes.get(TodoSearchAttributes.SESSION_ID)).isEqualTo("session-1");
            });
  }

  @Test
  void deletedTodoHasDeletedStatus() {
    harness.send("sa-gone", 100, upsert("sa-gone", 1, "buy milk", false));
    harness.send("sa-gone", 100, delete("sa-gone", 2));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        describe("sa-gone")
                            .getTypedSearchAttributes()
                            .get(TodoSearchAttributes.STATUS))
                    .isEqualTo("deleted"));
  }

  private WorkflowExecutionDescription describe(String todoId) {
    return harness.client.newUntypedWorkflowStub(TodoWorkflow.workflowId(todoId)).describe();
  }
}
