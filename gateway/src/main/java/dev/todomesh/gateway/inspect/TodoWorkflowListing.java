package dev.todomesh.gateway.inspect;

import dev.todomesh.workflows.TodoSearchAttributes;
import dev.todomesh.workflows.TodoWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists todo workflows from Temporal's visibility store.
 *
 * <p>A cluster supports a visibility query that also returns the search attributes and memo. The
 * Temporal Java test server of the embedded mode does not implement that query, so the listing
 * falls back to the list of open executions, which has neither.
 */
final class TodoWorkflowListing {

  /** Maximum number of todos one listing returns. */
  static final int MAX_TODOS = 1_000;

  private static final int PAGE_SIZE = 200;
  private static final String QUERY = "WorkflowType = '" + TodoWorkflow.TYPE + "'";

  private final WorkflowServiceStubs stubs;
  private final String namespace;

  TodoWorkflowListing(WorkflowServiceStubs stubs, String namespace) {
    this.stubs = stubs;
    this.namespace = namespace;
  }

  /**
   * One todo workflow.
   *
   * @param status {@code open}, {@code completed} or {@code deleted} from the search attribute,
   *     or null when the visibility store did not return it
   * @param title title from the memo, or null when the visibility store did not return it
   */
  record TodoSummary(
      String todoId, String workflowId, String runId, Instant startTime, String status, String title) {}

  List<TodoSummary> list() {
    try {
      return listByQuery();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      return listOpen();
    }
  }

  private List<TodoSummary> listByQuery() {
    List<TodoSummary> todos = new ArrayList<>();
    com.google.protobuf.ByteString page = com.google.protobuf.ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse response =
          stubs
              .blockingStub()
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setQuery(QUERY)
                      .setPageSize(PAGE_SIZE)
                      .setNextPageToken(page)
                      .build());
      response.getExecutionsList().forEach(info -> add(todos, info));
      page = response.getNextPageToken();
    } while (!page.isEmpty() && todos.size() < MAX_TODOS);
    return todos;
  }

  private List<TodoSummary> listOpen() {
    List<TodoSummary> todos = new ArrayList<>();
    com.google.protobuf.ByteString page = com.google.protobuf.ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse response =
          stubs
              .blockingStub()
              .listOpenWorkflowExecutions(
                  ListOpenWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setMaximumPageSize(PAGE_SIZE)
                      .setNextPageToken(page)
                      .build());
      response.getExecutionsList().stream()
          .filter(info -> TodoWorkflow.TYPE.equals(info.getType().getName()))
          .forEach(info -> add(todos, info));
      page = response.getNextPageToken();
    } while (!page.isEmpty() && todos.size() < MAX_TODOS);
    return todos;
  }

  private static void add(List<TodoSummary> todos, WorkflowExecutionInfo info) {
    String workflowId = info.getExecution().getWorkflowId();
    if (todos.size() >= MAX_TODOS || !workflowId.startsWith(TodoWorkflow.WORKFLOW_ID_PREFIX)) {
      return;
    }
    Map<String, Payload> attributes = info.getSearchAttributes().getIndexedFieldsMap();
    Map<String, Payload> memo = info.getMemo().getFieldsMap();
    todos.add(
        new TodoSummary(
            workflowId.substring(TodoWorkflow.WORKFLOW_ID_PREFIX.length()),
            workflowId,
            info.getExecution().getRunId(),
            Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos()),
            decode(attributes.get(TodoSearchAttributes.STATUS.getName())),
            decode(memo.get(TodoSearchAttributes.TITLE_MEMO))));
  }

  private static String decode(Payload payload) {
    if (payload == null) {
      return null;
    }
    try {
      return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
