package dev.todomesh.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import dev.todomesh.workflows.TodoWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /todos/{id}/history} and {@code GET /commands/{id}/trace} over HTTP, with embedded
 * Redis and Temporal.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.pump.block-timeout=200ms",
      "todo-mesh.workflow.continue-as-new-after=2"
    })
// Closes this class's servers, pump and worker afterwards: a cached context keeps them polling
// and loads the machine under the tests that follow.
@DirtiesContext
class HistoryExportTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.builder(port)
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build();
  }

  @Test
  void latestRunRoundTripsThroughReplayer() throws Exception {
    upsert("export-latest", "first", false);
    awaitVersion("export-latest", 1);

    String json = get("/todos/export-latest/history");

    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    assertThat(history.getEvents().get(0).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assertThat(HistoryDocuments.workflowIdOf(history)).contains("todo:export-latest");
    assertThat(history.toJson(true)).isEqualToIgnoringWhitespace(json);
    WorkflowReplayer.replayWorkflowExecution(json, TodoWorkflowImpl.class);
  }

  @Test
  void allRunsFollowContinueAsNew() throws Exception {
    upsert("export-all", "one", false);
    upsert("export-all", "two", false);
    upsert("export-all", "three", true);
    awaitVersion("export-all", 3);

    List<WorkflowExecutionHistory> runs = awaitContinuedAsNew("export-all");

    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    assertThat(HistoryDocuments.previousRunIdOf(runs.get(0))).isEmpty();
    assertThat(runs.get(0).getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    for (int i = 1; i < runs.size(); i++) {
      assertThat(HistoryDocuments.previousRunIdOf(runs.get(i)))
          .isEqualTo(HistoryDocuments.runIdOf(runs.get(i - 1)));
    }
    for (WorkflowExecutionHistory run : runs) {
      WorkflowReplayer.replayWorkflowExecution(run, TodoWorkflowImpl.class);
    }
  }

  @Test
  void runIdSelectsThatRun() {
    upsert("export-run", "one", false);
    upsert("export-run", "two", false);
    upsert("export-run", "three", false);
    awaitVersion("export-run", 3);
    List<WorkflowExecutionHistory> runs = awaitContinuedAsNew("export-run");
    String firstRunId = HistoryDocuments.runIdOf(runs.get(0)).orElseThrow();

    WorkflowExecutionHistory first =
        WorkflowExecutionHistory.fromJson(get("/todos/export-run/history?runId=" + firstRunId));

    assertThat(HistoryDocuments.runIdOf(first)).contains(firstRunId);
    assertThat(first.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  @Test
  void unknownTodoIsNotFound() {
    http.get()
        .uri("/todos/never-written/history")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void malformedRunIdIsBadRequest() {
    http.get()
        .uri("/todos/anything/history?runId=not-a-uuid")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("not-a-uuid"));
  }

  @Test
  void traceNamesRunAndEvents() {
    String commandId = upsert("trace-me", "first", false);
    awaitVersion("trace-me", 1);
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(get("/todos/trace-me/history"));

    String body = get("/commands/" + commandId + "/trace?todoId=trace-me");

    assertThat(body).contains("\"workflowId\":\"todo:trace-me\"");
    assertThat(body).contains("\"runId\":\"" + HistoryDocuments.runIdOf(history).orElseThrow() + "\"");
    assertThat(body).contains("\"eventType\":\"WORKFLOW_EXECUTION_SIGNALED\"");
    assertThat(body).contains("\"eventType\":\"MARKER_RECORDED\"");
    assertThat(body).containsPattern("\"entryId\":\"\\d+-\\d+\"");
  }

  @Test
  void traceFindsTodoFromCommandStatus() {
    String commandId = upsert("trace-status", "first", false);
    awaitVersion("trace-status", 1);

    String body = get("/commands/" + commandId + "/trace");

    assertThat(body).contains("\"todoId\":\"trace-status\"");
    assertThat(body).contains("\"eventType\":\"MARKER_RECORDED\"");
  }

  @Test
  void traceFindsRejectionInClosedRun() {
    String rejectedId = patchUnknown("trace-closed");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/todos/trace-closed/history").contains("WORKFLOW_EXECUTION_COMPLETED"));
    String closedRunId =
        HistoryDocuments.runIdOf(
                WorkflowExecutionHistory.fromJson(get("/todos/trace-closed/history")))
            .orElseThrow();
    upsert("trace-closed", "created after all", false);
    awaitVersion("trace-closed", 1);

    String body = get("/commands/" + rejectedId + "/trace");

    assertThat(body).contains("\"runId\":\"" + closedRunId + "\"");
    assertThat(body).contains("\"eventType\":\"WORKFLOW_EXECUTION_SIGNALED\"");
    assertThat(get("/commands/" + rejectedId)).contains("\"runId\":\"" + closedRunId + "\"");
  }

  @Test
  void traceOfUnknownCommandIsNotFound() {
    upsert("trace-other", "first", false);
    awaitVersion("trace-other", 1);

    http.get()
        .uri("/commands/{id}/trace?todoId=trace-other", "no-such-command")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  private String upsert(String todoId, String title, boolean completed) {
    return http.post()
        .uri("/todos/{id}", todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"" + title + "\", \"completed\": " + completed + "}")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody(CommandAccepted.class)
        .returnResult()
        .getResponseBody()
        .commandId();
  }

  /** Patches a todo that does not exist; returns the ID of the rejected command. */
  private String patchUnknown(String todoId) {
    return http.patch()
        .uri("/todos/{id}", todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"completed\": true}")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody(CommandAccepted.class)
        .returnResult()
        .getResponseBody()
        .commandId();
  }

  private record CommandAccepted(String commandId, String todoId) {}

  private void awaitVersion(String todoId, int version) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/{id}", todoId)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.version")
                    .isEqualTo(version));
  }

  /**
   * Returns every run once the first one has ended with continue-as-new. Under load the state
   * query has shown the last command while the first run had not yet recorded its
   * continue-as-new.
   */
  private List<WorkflowExecutionHistory> awaitContinuedAsNew(String todoId) {
    AtomicReference<List<WorkflowExecutionHistory>> runs = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              runs.set(HistoryDocuments.parse(get("/todos/" + todoId + "/history?allRuns=true")));
              return runs.get().size() >= 2
                  && runs.get().get(0).getLastEvent().getEventType()
                      == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
            });
    return runs.get();
  }

  private String get(String path) {
    return http.get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }
}
