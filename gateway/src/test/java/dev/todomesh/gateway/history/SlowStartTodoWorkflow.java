package dev.todomesh.gateway.history;

import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.RecentCommands;
import dev.todomesh.workflows.TodoState;
import dev.todomesh.workflows.TodoWorkflow;
import dev.todomesh.workflows.TodoWorkflowImpl;
import dev.todomesh.workflows.TodoWorkflowInput;
import io.temporal.workflow.WorkflowInit;

/**
 * The real {@code Todo} workflow behind a constructor that blocks the workflow thread for 1.5 s,
 * as a cold JVM on a loaded machine can while it loads classes. It makes the same decisions, so
 * its replay of a real history must succeed.
 */
public final class SlowStartTodoWorkflow implements TodoWorkflow {

  static final long HOLD_MILLIS = 1_500;

  private final TodoWorkflowImpl workflow;

  @WorkflowInit
  public SlowStartTodoWorkflow(TodoWorkflowInput input) {
    try {
      Thread.sleep(HOLD_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    this.workflow = new TodoWorkflowImpl(input);
  }

  @Override
  public void run(TodoWorkflowInput input) {
    workflow.run(input);
  }

  @Override
  public void apply(CommandBatch batch) {
    workflow.apply(batch);
  }

  @Override
  public TodoState state() {
    return workflow.state();
  }

  @Override
  public RecentCommands recentCommands() {
    return workflow.recentCommands();
  }
}
