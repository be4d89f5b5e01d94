package dev.todomesh.gateway.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.gateway.support.TestActivities;
import dev.todomesh.gateway.support.TestProperties;
import dev.todomesh.workflows.TodoSearchAttributes;
import dev.todomesh.workflows.TodoState;
import dev.todomesh.workflows.TodoWorkflow;
import dev.todomesh.workflows.TodoWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;

/** The pump against a real Redis server and the Temporal test server. */
class PumpIntegrationTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private TestWorkflowEnvironment temporal;
  private WorkflowClient client;
  private TodoMeshProperties properties;
  private CommandStreams streams;
  private CommandPump pump;

  @BeforeEach
  void startTemporal() {
    properties = TestProperties.with("streams.partitions", "4", "pump.block-timeout", "200ms");
    temporal = TestWorkflowEnvironment.newInstance();
    TodoSearchAttributes.definitions().forEach(temporal::registerSearchAttribute);
    Worker worker = temporal.newWorker(properties.temporal().taskQueue());
    worker.registerWorkflowImplementationTypes(TodoWorkflowImpl.class);
    client = temporal.getWorkflowClient();
    TestActivities.register(worker, client, redis.client(), properties.temporal().taskQueue());
    temporal.start();
    streams = new CommandStreams(redis.client(), properties.streams());
  }

  @AfterEach
  void stopAll() {
    if (pump != null) {
      pump.stop();
    }
    temporal.close();
  }

  @Test
  void everyTodoEndsEqualToItsLastCommand() {
    Random random = new Random(42);
    Map<String, Map<String, String>> lastCommand = new HashMap<>();
    Map<String, Integer> commandCount = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      String todoId = "todo-" + random.nextInt(50);
      Map<String, String> entry = upsert(todoId, "title " + i, random.nextBoolean());
      append(entry);
      lastCommand.put(todoId, entry);
      commandCount.merge(todoId, 1, Integer::sum);
    }

    startPump();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (var expected : lastCommand.entrySet()) {
                TodoState state = state(expected.getKey());
                assertThat(state).as("state of %s", expected.getKey()).isNotNull();
                assertThat(state.lastCommandId())
                    .isEqualTo(expected.getValue().get(CommandEntry.COMMAND_ID));
              }
            });
    for (var expected : lastCommand.entrySet()) {
      TodoState state = state(expected.getKey());
      assertThat(state.version()).isEqualTo(commandCount.get(expected.getKey()).longValue());
      assertThat(state.title()).isEqualTo(titleOf(expected.getValue()));
    }
    assertThat(pendingCount()).isZero();
  }

  @Test
  void entryRedeliveredAfterLostAckIsAppliedOnce() {
    Map<String, String> entry = upsert("a", "once", false);
    StreamMessageId id = append(entry);
    RStream<String, String> stream = streams.commandStream(streams.partitionOf("a"));
    stream.createGroup(
        StreamCreateGroupArgs.name(properties.pump().consumerGroup()).id(StreamMessageId.ALL));
    Map<StreamMessageId, Map<String, String>> read =
        stream.readGroup(
            properties.pump().consumerGroup(), "crashed-pump", StreamReadGroupArgs.neverDelivered());
    assertThat(read).containsOnlyKeys(id);
    // A pump signalled the entry and died before acknowledging it.
    new SignalDispatcher(
            client,
            properties.temporal().taskQueue(),
            100,
            properties.pump(),
            CommandMetrics.unregistered(),
            SignalTracing.NONE)
        .deliver(
            "a",
            List.of(CommandEntry.decode(streams.partitionOf("a"), id.toString(), entry)),
            () -> false);
    await().atMost(Duration.ofSeconds(10)).until(() -> state("a") != null);

    append(upsert("a", "twice", false));
    startPump();

    await().atMost(Duration.ofSeconds(20)).until(() -> "twice".equals(state("a").title()));
    assertThat(state("a").version()).isEqualTo(2);
    assertThat(pendingCount()).isZero();
  }

  @Test
  void undecodableEntriesAreDeadLetteredWhileGoodOnesFlow() {
    append(upsert("good", "first", false));
    StreamMessageId badJson = appendRaw("good", Map.of("type", "upsert", "payload", "{not json"));
    StreamMessageId unknownType =
        appendRaw("good", withField(upsert("good", "x", false), CommandEntry.TYPE, "explode"));
    StreamMessageId missingTitle =
        appendRaw("good", withField(upsert("good", "x", false), CommandEntry.PAYLOAD, "{}"));
    append(upsert("good", "last", true));

    startPump();

    await().atMost(Duration.ofSeconds(20)).until(() -> state("good") != null && state("good").completed());
    assertThat(state("good").title()).isEqualTo("last");
    assertThat(state("good").version()).isEqualTo(2);
    Map<StreamMessageId, Map<String, String>> deadLetters =
        streams.deadLetterStream().range(StreamMessageId.MIN, StreamMessageId.MAX);
    assertThat(deadLetters.values())
        .extracting(fields -> fields.get(DeadLetters.SOURCE_ENTRY_ID))
        .containsExactly(badJson.toString(), unknownType.toString(), missingTitle.toString());
    assertThat(deadLetters.values())
        .extracting(fields -> fields.get(DeadLetters.REASON))
        .allSatisfy(reason -> assertThat(reason).startsWith("undecodable entry: "));
    assertThat(deadLetters.values().iterator().next().get(DeadLetters.REASON)).contains("field 'commandId' is missing");
    assertThat(pendingCount()).isZero();
  }

  private void startPump() {
    pump = new CommandPump(streams, client, properties);
    pump.start();
  }

  private Map<String, String> upsert(String todoId, String title, boolean completed) {
    return CommandEntry.upsert(UUID.randomUUID().toString(), todoId, title, completed, Instant.now());
  }

  private StreamMessageId append(Map<String, String> entry) {
    return appendRaw(entry.get(CommandEntry.TODO_ID), entry);
  }

  private StreamMessageId appendRaw(String todoId, Map<String, String> fields) {
    return streams.commandStream(streams.partitionOf(todoId)).add(StreamAddArgs.entries(fields));
  }

  private static Map<String, String> withField(Map<String, String> fields, String name, String value) {
    Map<String, String> copy = new HashMap<>(fields);
    copy.put(name, value);
    return copy;
  }

  private static String titleOf(Map<String, String> entry) {
    return CommandEntry.decode(0, "1-0", entry).title();
  }

  private TodoState state(String todoId) {
    try {
      return client.newWorkflowStub(TodoWorkflow.class, TodoWorkflow.workflowId(todoId)).state();
    } catch (WorkflowNotFoundException e) {
      return null;
    }
  }

  private long pendingCount() {
    long pending = 0;
    for (int partition = 0; partition < streams.partitions(); partition++) {
      RStream<String, String> stream = streams.commandStream(partition);
      if (stream.isExists()) {
        pending += stream.getPendingInfo(properties.pump().consumerGroup()).getTotal();
      }
    }
    return pending;
  }
}
