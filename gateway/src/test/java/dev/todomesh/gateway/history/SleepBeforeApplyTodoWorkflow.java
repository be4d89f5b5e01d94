package dev.todomesh.gateway.history;

import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.RecentCommands;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoState;
import dev.todomesh.workflows.TodoWorkflow;
import dev.todomesh.workflows.TodoWorkflowInput;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A changed {@code Todo} workflow, registered under the same workflow type, that waits on a
 * timer before taking each command. Replaying a history recorded by the real workflow with it
 * must be reported as non-deterministic.
 */
public final class SleepBeforeApplyTodoWorkflow implements TodoWorkflow {

  private final Deque<TodoCommand> inbox = new ArrayDeque<>();

  @WorkflowInit
  public SleepBeforeApplyTodoWorkflow(TodoWorkflowInput input) {}

  @Override
  public void run(TodoWorkflowInput input) {
    while (true) {
      Workflow.await(() -> !inbox.isEmpty());
      inbox.removeFirst();
      Workflow.sleep(Duration.ofSeconds(1));
    }
  }

  @Override
  public void apply(CommandBatch batch) {
    inbox.addAll(batch.commands());
  }

  @Override
  public TodoState state() {
    return null;
  }

  @Override
  public RecentCommands recentCommands() {
    return new RecentCommands(List.of());
  }
}
