package dev.todomesh.gateway.status;

import dev.todomesh.activities.status.CommandStatus;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.pump.DeadLetters;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandStreams;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marks commands {@code dead-lettered} as they arrive in the dead-letter stream, read with a
 * consumer group of its own so the pump needs no call for it.
 *
 * <p>Each entry is acknowledged after its status is written, and a restart with the same
 * consumer name first re-reads what it left pending, so no dead letter is missed. An entry whose
 * original fields carry no command ID (an undecodable command) has no status to update.
 */
@Component
@ConditionalOnRole(TodoMeshProperties.Role.API)
public class DeadLetterStatusRecorder implements SmartLifecycle {

  static final String GROUP = "todo-mesh-command-status";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterStatusRecorder.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  private final RStream<String, String> stream;
  private final CommandStatusStore statuses;
  private final String consumer;
  private volatile boolean running;
  private Thread thread;

  public DeadLetterStatusRecorder(CommandStreams streams, CommandStatusStore statuses) {
    this.stream = streams.deadLetterStream();
    this.statuses = statuses;
    this.consumer = "status-" + hostName();
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "dead-letter-status");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(BLOCK_TIMEOUT.multipliedBy(3).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    boolean groupReady = false;
    boolean pendingDone = false;
    int failures = 0;
    while (running) {
      try {
        if (!groupReady) {
          createGroup();
          groupReady = true;
        }
        StreamReadGroupArgs args =
            pendingDone
                ? StreamReadGroupArgs.neverDelivered().count(100).timeout(BLOCK_TIMEOUT)
                : StreamReadGroupArgs.greaterThan(StreamMessageId.ALL).count(100);
        Map<StreamMessageId, Map<String, String>> entries = stream.readGroup(GROUP, consumer, args);
        if (!pendingDone && (entries == null || entries.isEmpty())) {
          pendingDone = true;
        }
        if (entries != null) {
          entries.forEach(this::record);
        }
        failures = 0;
      } catch (RedisException e) {
        failures++;
        // Log the first failures and then every tenth, so a long Redis outage does not flood.
        if (failures <= 3 || failures % 10 == 0) {
          log.warn(
              "Reading dead letters for command statuses failed, retrying: stream={} failures={}"
                  + " error={}",
              stream.getName(),
              failures,
              e.toString());
        }
        groupReady = false;
        pendingDone = false;
        sleep(ERROR_BACKOFF);
      }
    }
  }

  private void record(StreamMessageId entryId, Map<String, String> fields) {
    Map<String, String> original = originalFields(entryId, fields);
    String commandId = original.get(CommandEntry.COMMAND_ID);
    String todoId = original.get(CommandEntry.TODO_ID);
    if (commandId != null && todoId != null) {
      statuses.update(
          commandId, todoId, CommandStatus.DEAD_LETTERED, null, fields.get(DeadLetters.REASON));
      log.info("Command dead-lettered: commandId={} todoId={} entryId={}", commandId, todoId, entryId);
    }
    stream.ack(GROUP, entryId);
  }

  private Map<String, String> originalFields(StreamMessageId entryId, Map<String, String> fields) {
    String json = fields.get(DeadLetters.ORIGINAL_FIELDS);
    if (json == null) {
      return Map.of();
    }
    try {
      JsonNode node = JSON.readTree(json);
      String commandId = node.path(CommandEntry.COMMAND_ID).asString(null);
      String todoId = node.path(CommandEntry.TODO_ID).asString(null);
      return commandId == null || todoId == null
          ? Map.of()
          : Map.of(CommandEntry.COMMAND_ID, commandId, CommandEntry.TODO_ID, todoId);
    } catch (JacksonException e) {
      log.warn("Dead letter has unreadable original fields: entryId={}", entryId);
      return Map.of();
    }
  }

  private void createGroup() {
    try {
      stream.createGroup(StreamCreateGroupArgs.name(GROUP).id(StreamMessageId.ALL).makeStream());
    } catch (RedisException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
        throw e;
      }
    }
  }

  private void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
