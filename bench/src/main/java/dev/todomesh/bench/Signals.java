package dev.todomesh.bench;

import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoWorkflow;
import dev.todomesh.workflows.TodoWorkflowInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.List;

/**
 * Sends commands to a todo's workflow the way a producer that calls Temporal itself would: one
 * {@code signalWithStart} per command, with the same workflow options as the pump.
 */
final class Signals {

  private final WorkflowClient client;
  private final String taskQueue;
  private final int continueAsNewAfter;

  Signals(WorkflowClient client, String taskQueue, int continueAsNewAfter) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.continueAsNewAfter = continueAsNewAfter;
  }

  void send(TodoCommand command) {
    String workflowId = TodoWorkflow.workflowId(command.todoId());
    CommandBatch batch = new CommandBatch(List.of(command));
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            TodoWorkflow.TYPE,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(taskQueue).build());
    try {
      stub.signalWithStart(
          TodoWorkflow.APPLY_SIGNAL,
          new Object[] {batch},
          new Object[] {TodoWorkflowInput.start(command.todoId(), continueAsNewAfter)});
    } catch (WorkflowExecutionAlreadyStarted e) {
      client.newUntypedWorkflowStub(workflowId).signal(TodoWorkflow.APPLY_SIGNAL, batch);
    }
  }
}
