package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.pump.SignalDispatcher.Delivery;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.UndecodableEntryException;
import dev.todomesh.workflows.TodoCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition's command stream with a consumer group and delivers its entries.
 *
 * <p>Each read is processed as a batch: entries are grouped by todo, each todo's entries go to
 * its workflow in stream order, different todos concurrently, and the batch's entries are
 * acknowledged only after Temporal accepted them. After start-up and after any error the
 * consumer first re-reads the entries it left pending, so nothing it read is skipped.
 */
final class PartitionConsumer implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PartitionConsumer.class);

  private static final Comparator<StreamMessageId> STREAM_ORDER =
      Comparator.comparingLong(StreamMessageId::getId0).thenComparingLong(StreamMessageId::getId1);

  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  private final int partition;
  private final RStream<String, String> stream;
  private final String group;
  private final String consumer;
  private final int batchSize;
  private final Duration blockTimeout;
  private final SignalDispatcher dispatcher;
  private final DeadLetters deadLetters;
  private final Executor executor;
  private final BooleanSupplier stopping;

  PartitionConsumer(
      int partition,
      RStream<String, String> stream,
      String group,
      String consumer,
      int batchSize,
      Duration blockTimeout,
      SignalDispatcher dispatcher,
      DeadLetters deadLetters,
      Executor executor,
      BooleanSupplier stopping) {
    this.partition = partition;
    this.stream = stream;
    this.group = group;
    this.consumer = consumer;
    this.batchSize = batchSize;
    this.blockTimeout = blockTimeout;
    this.dispatcher = dispatcher;
    this.deadLetters = deadLetters;
    this.executor = executor;
    this.stopping = stopping;
  }

  @Override
  public void run() {
    log.info("Partition consumer started: partition={} stream={} consumer={}", partition, stream.getName(), consumer);
    // Non-null while the consumer re-reads its own pending entries, starting after this ID.
    StreamMessageId pendingCursor = StreamMessageId.ALL;
    boolean groupReady = false;
    while (!stopping.getAsBoolean()) {
      try {
        if (!groupReady) {
          createGroup();
          groupReady = true;
        }
        Map<StreamMessageId, Map<String, String>> entries;
        if (pendingCursor != null) {
          entries = stream.readGroup(group, consumer, StreamReadGroupArgs.greaterThan(pendingCursor).count(batchSize));
          if (entries.isEmpty()) {
            pendingCursor = null;
            continue;
          }
          pendingCursor = entries.keySet().stream().max(STREAM_ORDER).orElseThrow();
        } else {
          entries =
              stream.readGroup(
                  group,
                  consumer,
                  StreamReadGroupArgs.neverDelivered().count(batchSize).timeout(blockTimeout));
          if (entries.isEmpty()) {
            continue;
          }
        }
        process(entries);
      } catch (RedisException e) {
        log.warn(
            "Reading or acknowledging failed, retrying after {} ms: partition={} error={}",
            ERROR_BACKOFF.toMillis(),
            partition,
            e.toString());
        pendingCursor = StreamMessageId.ALL;
        pause();
      } catch (RuntimeException e) {
        log.error("Unexpected pump error, retrying: partition={}", partition, e);
        pendingCursor = StreamMessageId.ALL;
        pause();
      }
    }
    log.info("Partition consumer stopped: partition={} consumer={}", partition, consumer);
  }

  private void createGroup() {
    try {
      stream.createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL).makeStream());
      log.info("Consumer group created: stream={} group={}", stream.getName(), group);
    } catch (RedisException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
        throw e;
      }
    }
  }

  /** Delivers one read's entries and acknowledges those that are done. */
  void process(Map<StreamMessageId, Map<String, String>> entries) {
    List<StreamMessageId> done = new ArrayList<>();
    Map<String, List<Pending>> byTodo = new LinkedHashMap<>();
    List<StreamMessageId> ids = new ArrayList<>(entries.keySet());
    ids.sort(STREAM_ORDER);
    for (StreamMessageId id : ids) {
      Map<String, String> fields = entries.get(id);
      try {
        TodoCommand command = CommandEntry.decode(partition, id.toString(), fields);
        byTodo.computeIfAbsent(command.todoId(), key -> new ArrayList<>()).add(new Pending(id, command, fields));
      } catch (UndecodableEntryException | IllegalArgumentException e) {
        deadLetters.add(partition, id, fields, "undecodable entry: " + e.getMessage());
        log.warn(
            "Dead-lettered undecodable entry: partition={} entryId={} todoId={} reason={}",
            partition,
            id,
            CommandEntry.todoIdOf(fields),
            e.getMessage());
        done.add(id);
      }
    }

    List<CompletableFuture<Void>> deliveries = new ArrayList<>();
    for (Map.Entry<String, List<Pending>> todo : byTodo.entrySet()) {
      deliveries.add(
          CompletableFuture.supplyAsync(() -> deliver(todo.getKey(), todo.getValue()), executor)
              .thenAccept(finished -> {
                synchronized (done) {
                  done.addAll(finished);
                }
              }));
    }
    CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).join();

    if (!done.isEmpty()) {
      stream.ack(group, done.toArray(StreamMessageId[]::new));
    }
  }

  /** Delivers one todo's entries; returns the IDs that can be acknowledged. */
  private List<StreamMessageId> deliver(String todoId, List<Pending> pending) {
    List<TodoCommand> commands = pending.stream().map(Pending::command).toList();
    Delivery delivery = dispatcher.deliver(todoId, commands);
    List<StreamMessageId> finished = new ArrayList<>();
    for (int i = 0; i < delivery.delivered(); i++) {
      finished.add(pending.get(i).id());
    }
    if (delivery.outcome() == SignalDispatcher.Outcome.FAILED) {
      for (Pending failed : pending.subList(delivery.delivered(), pending.size())) {
        deadLetters.add(partition, failed.id(), failed.fields(), delivery.error());
        log.error(
            "Dead-lettered command after failed delivery: partition={} entryId={} todoId={}"
                + " commandId={}",
            partition,
            failed.id(),
            todoId,
            failed.command().commandId());
        finished.add(failed.id());
      }
    }
    return finished;
  }

  private void pause() {
    try {
      Thread.sleep(ERROR_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Pending(StreamMessageId id, TodoCommand command, Map<String, String> fields) {}
}
