package dev.todomesh.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The todo entity: one long-running workflow per todo ID ({@code todo:<id>}) that applies the
 * todo's commands one at a time, in the order they arrive.
 *
 * <p>The workflow type, signal and query names are fixed here because they appear in recorded
 * histories and in Temporal UI. Renaming one breaks replay of running workflows.
 */
@WorkflowInterface
public interface TodoWorkflow {

  /** Workflow type name. */
  String TYPE = "Todo";

  /** Name of the signal that delivers commands. */
  String APPLY_SIGNAL = "apply";

  /** Prefix of the workflow ID; the todo ID follows it. */
  String WORKFLOW_ID_PREFIX = "todo:";

  /** Returns the workflow ID of the todo with this ID. */
  static String workflowId(String todoId) {
    return WORKFLOW_ID_PREFIX + todoId;
  }

  /** Runs until the workflow continues as new; never completes on its own. */
  @WorkflowMethod(name = TYPE)
  void run(TodoWorkflowInput input);

  /** Queues commands for this todo. Commands already applied are ignored. */
  @SignalMethod(name = APPLY_SIGNAL)
  void apply(CommandBatch batch);

  /** Returns the todo's current state, or null before the first command is applied. */
  @QueryMethod(name = "state")
  TodoState state();

  /** Returns the IDs of the most recently applied commands, in the order they were applied. */
  @QueryMethod(name = "recentCommands")
  RecentCommands recentCommands();
}
