package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.pump.FencedPartition.LeaseLostException;
import dev.todomesh.gateway.pump.SignalDispatcher.Delivery;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.UndecodableEntryException;
import dev.todomesh.workflows.TodoCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one partition's commands while this pump holds the partition's lease.
 *
 * <p>On start it claims every entry that a previous owner left pending and delivers those
 * first, in stream order, then reads new entries. Each read is processed as a batch: entries
 * are grouped by todo, each todo's entries go to its workflow in stream order, different todos
 * concurrently, and the batch's entries are acknowledged only after Temporal accepted them.
 *
 * <p>A todo whose command fails permanently is parked: its commands stay pending, in order,
 * while the other todos keep flowing. When an operator unparks it, the consumer re-reads its
 * pending entries and delivers the held commands again.
 */
final class PartitionConsumer implements Runnable {

  /** Settings of one partition consumer. */
  record Settings(
      String group,
      String consumer,
      int batchSize,
      Duration blockTimeout,
      Duration recoveryInterval,
      Duration recoveryMinIdle,
      Duration retention) {}

  private static final Logger log = LoggerFactory.getLogger(PartitionConsumer.class);

  private static final Comparator<StreamMessageId> STREAM_ORDER =
      Comparator.comparingLong(StreamMessageId::getId0).thenComparingLong(StreamMessageId::getId1);

  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  private static final int CLAIM_COUNT = 100;

  private final FencedPartition partition;
  private final Settings settings;
  private final SignalDispatcher dispatcher;
  private final DeadLetters deadLetters;
  private final ParkedTodos parked;
  private final CommandMetrics metrics;
  private final Executor executor;
  private final BooleanSupplier stopRequested;
  private final BooleanSupplier halted;
  private final Clock clock;
  private final int id;

  private final Set<String> parkedTodos = ConcurrentHashMap.newKeySet();
  private StreamMessageId recoveryCursor = StreamMessageId.ALL;

  PartitionConsumer(
      FencedPartition partition,
      Settings settings,
      SignalDispatcher dispatcher,
      DeadLetters deadLetters,
      ParkedTodos parked,
      CommandMetrics metrics,
      Executor executor,
      BooleanSupplier stopRequested,
      BooleanSupplier halted,
      Clock clock) {
    this.partition = partition;
    this.settings = settings;
    this.dispatcher = dispatcher;
    this.deadLetters = deadLetters;
    this.parked = parked;
    this.metrics = metrics;
    this.executor = executor;
    this.stopRequested = stopRequested;
    this.halted = halted;
    this.clock = clock;
    this.id = partition.partition();
  }

  /** True when this consumer must not deliver or acknowledge anything more. */
  private boolean mustStop() {
    return stopRequested.getAsBoolean() || halted.getAsBoolean() || !partition.lease().isValid();
  }

  @Override
  public void run() {
    log.info(
        "Partition owned: partition={} stream={} consumer={} lease={}",
        id,
        partition.streamName(),
        settings.consumer(),
        partition.lease().value());
    // Non-null while the consumer re-reads its own pending entries, starting after this ID.
    StreamMessageId pendingCursor = StreamMessageId.ALL;
    boolean claimed = false;
    long nextRecovery = System.nanoTime() + settings.recoveryInterval().toNanos();
    while (!mustStop()) {
      try {
        if (!claimed) {
          partition.createGroup();
          claimAll(Duration.ZERO);
          parkedTodos.addAll(parked.todoIds(id));
          claimed = true;
        }
        if (refreshParked()) {
          pendingCursor = StreamMessageId.ALL;
        }
        if (pendingCursor != null) {
          FencedPartition.Read read = partition.readPending(pendingCursor, settings.batchSize());
          if (read.entries().isEmpty()) {
            pendingCursor = null;
            continue;
          }
          pendingCursor = read.entries().keySet().stream().max(STREAM_ORDER).orElseThrow();
          process(read.entries());
        } else {
          FencedPartition.Read read = partition.readNew(settings.batchSize());
          if (read.entries().isEmpty()) {
            partition.awaitEntryAfter(read.lastId(), settings.blockTimeout());
          } else {
            process(read.entries());
          }
        }
        if (System.nanoTime() - nextRecovery >= 0) {
          if (recover()) {
            pendingCursor = StreamMessageId.ALL;
          }
          nextRecovery = System.nanoTime() + settings.recoveryInterval().toNanos();
        }
      } catch (LeaseLostException e) {
        log.warn("Partition lease lost, stopping delivery: partition={}", id);
        break;
      } catch (RedisException e) {
        log.warn(
            "Redis request failed, retrying after {} ms: partition={} error={}",
            ERROR_BACKOFF.toMillis(),
            id,
            e.toString());
        pendingCursor = StreamMessageId.ALL;
        pause();
      } catch (RuntimeException e) {
        log.error("Unexpected pump error, retrying: partition={}", id, e);
        pendingCursor = StreamMessageId.ALL;
        pause();
      }
    }
    log.info("Partition consumer stopped: partition={} consumer={}", id, settings.consumer());
  }

  /** Claims pending entries idle for at least {@code minIdle}; returns the number claimed. */
  private int claimAll(Duration minIdle) {
    int total = 0;
    StreamMessageId cursor = StreamMessageId.ALL;
    do {
      FencedPartition.Claim claim = partition.claim(minIdle, cursor, CLAIM_COUNT);
      total += claim.claimed();
      cursor = claim.cursor();
    } while (!isScanComplete(cursor) && !mustStop());
    if (total > 0) {
      log.info("Claimed pending entries: partition={} entries={}", id, total);
    }
    return total;
  }

  /** Returns true for the cursor {@code 0-0}, which XAUTOCLAIM returns after the last entry. */
  private static boolean isScanComplete(StreamMessageId cursor) {
    return cursor.getId0() == 0 && cursor.getId1() == 0;
  }

  /**
   * Claims entries that other consumers left pending for too long, continuing the scan where
   * the last call stopped, and trims acknowledged entries past the retention.
   *
   * @return true when entries were claimed and must be re-read
   */
  private boolean recover() {
    FencedPartition.Claim claim =
        partition.claim(settings.recoveryMinIdle(), recoveryCursor, CLAIM_COUNT);
    recoveryCursor = claim.cursor();
    long trimmed = partition.trimAcknowledged(settings.retention());
    if (trimmed > 0) {
      log.debug("Trimmed acknowledged entries: partition={} entries={}", id, trimmed);
    }
    if (claim.claimed() > 0) {
      log.warn("Recovered stale pending entries: partition={} entries={}", id, claim.claimed());
      return true;
    }
    return false;
  }

  /** Reloads the parked todos; returns true when one was unparked and its commands must flow. */
  private boolean refreshParked() {
    Set<String> current = parked.todoIds(id);
    boolean unparked = !current.containsAll(parkedTodos);
    parkedTodos.clear();
    parkedTodos.addAll(current);
    if (unparked) {
      log.info("Todo unparked by an operator, delivering its held commands: partition={}", id);
    }
    return unparked;
  }

  /** Delivers one read's entries and acknowledges those that are done. */
  void process(Map<StreamMessageId, Map<String, String>> entries) {
    List<StreamMessageId> done = new ArrayList<>();
    Map<String, List<Pending>> byTodo = new LinkedHashMap<>();
    List<StreamMessageId> ids = new ArrayList<>(entries.keySet());
    ids.sort(STREAM_ORDER);
    for (StreamMessageId entryId : ids) {
      Map<String, String> fields = entries.get(entryId);
      try {
        TodoCommand command = CommandEntry.decode(id, entryId.toString(), fields);
        if (parkedTodos.contains(command.todoId())) {
          continue;
        }
        byTodo
            .computeIfAbsent(command.todoId(), key -> new ArrayList<>())
            .add(new Pending(entryId, command));
      } catch (UndecodableEntryException | IllegalArgumentException e) {
        deadLetters.add(id, entryId, fields, "undecodable entry: " + e.getMessage());
        log.warn(
            "Dead-lettered undecodable entry: partition={} entryId={} todoId={} reason={}",
            id,
            entryId,
            CommandEntry.todoIdOf(fields),
            e.getMessage());
        done.add(entryId);
      }
    }

    List<CompletableFuture<Void>> deliveries = new ArrayList<>();
    for (Map.Entry<String, List<Pending>> todo : byTodo.entrySet()) {
      deliveries.add(
          CompletableFuture.supplyAsync(() -> deliver(todo.getKey(), todo.getValue()), executor)
              .thenAccept(
                  finished -> {
                    synchronized (done) {
                      done.addAll(finished);
                    }
                  }));
    }
    CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).join();

    if (halted.getAsBoolean()) {
      return;
    }
    partition.ack(done);
  }

  /** Delivers one todo's entries; returns the IDs that can be acknowledged. */
  private List<StreamMessageId> deliver(String todoId, List<Pending> pending) {
    List<TodoCommand> commands = pending.stream().map(Pending::command).toList();
    Delivery delivery = dispatcher.deliver(todoId, commands, this::mustStop);
    List<StreamMessageId> finished = new ArrayList<>();
    for (int i = 0; i < delivery.delivered(); i++) {
      finished.add(pending.get(i).id());
    }
    if (delivery.outcome() == SignalDispatcher.Outcome.FAILED) {
      Pending head = pending.get(delivery.delivered());
      park(todoId, head, delivery.error());
    }
    return finished;
  }

  private void park(String todoId, Pending head, String error) {
    parked.park(
        new ParkedTodo(
            todoId,
            id,
            head.id().toString(),
            head.command().commandId(),
            error,
            clock.instant()));
    parkedTodos.add(todoId);
    metrics.parked();
    log.error(
        "Todo parked, its commands are held until an operator retries or skips: partition={}"
            + " todoId={} entryId={} commandId={}",
        id,
        todoId,
        head.id(),
        head.command().commandId());
  }

  private void pause() {
    try {
      Thread.sleep(ERROR_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Pending(StreamMessageId id, TodoCommand command) {}
}
