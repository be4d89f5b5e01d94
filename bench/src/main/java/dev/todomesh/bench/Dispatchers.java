package dev.todomesh.bench;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.pump.CommandPump;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.StreamPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import reactor.core.publisher.Flux;

/**
 * The three ways of moving commands to workflows that the dispatch scenario compares: the
 * todo-mesh pump draining a backlog, direct {@code signalWithStart} calls, and a naive pump.
 */
final class Dispatchers {

  /**
   * Commands processed by the workflows, and the time it took.
   *
   * @param startupSeconds from the start until the first command was processed
   * @param seconds from the first command processed until the last
   */
  record Drain(long processed, double startupSeconds, double seconds, boolean complete) {

    /** Commands per second after the first; start-up time is left out. */
    double perSecond() {
      return Format.rate(processed - 1, seconds);
    }
  }

  /** Batch size and pause of the naive pump. */
  static final int NAIVE_BATCH = 10;

  static final long NAIVE_PAUSE_MILLIS = 200;

  private final BenchStack stack;
  private final double maxSeconds;

  /**
   * @param maxSeconds longest a pump or direct drain may take before it is cut short
   */
  Dispatchers(BenchStack stack, double maxSeconds) {
    this.stack = stack;
    this.maxSeconds = maxSeconds;
  }

  /** Appends one command per ID to the streams of {@code settings}, through the API's intake. */
  void preload(TodoMeshProperties settings, List<String> todoIds, String name) {
    CommandIntake intake = stack.intakeFor(settings);
    AtomicLong appended = new AtomicLong();
    try (Progress progress = new Progress(name + " preload", appended::get, todoIds.size())) {
      Flux.fromIterable(todoIds)
          .flatMap(todoId -> intake.accept(IngestScenario.fields(todoId), null), 64)
          .doOnNext(accepted -> appended.incrementAndGet())
          .blockLast();
    }
  }

  /** Starts a todo-mesh pump on the preloaded streams and waits until every command is applied. */
  Drain pump(TodoMeshProperties settings, String label, long commands, String name) {
    CommandPump pump = stack.pumpFor(settings);
    pump.start();
    try (Progress progress =
        new Progress(name, () -> stack.applied().count(label), commands)) {
      return drain(label, commands, maxSeconds);
    } finally {
      pump.stop();
    }
  }

  /**
   * Sends each command with its own {@code signalWithStart} from {@code threads} threads, and
   * waits until the workflows applied them all.
   *
   * <p>Each todo's commands go through one thread, chosen by the todo ID's hash, so they arrive
   * in order as a producer that keeps per-todo order would send them. With skewed keys the hot
   * todos therefore load only a few of the threads.
   */
  Drain direct(List<String> todoIds, String label, int threads, String name) {
    Signals signals = signals();
    CommandStreams partitioner = stack.appStreams();
    List<List<Integer>> queues = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      queues.add(new ArrayList<>());
    }
    for (int i = 0; i < todoIds.size(); i++) {
      queues.get(Math.floorMod(todoIds.get(i).hashCode(), threads)).add(i);
    }
    AtomicBoolean failed = new AtomicBoolean();
    List<Thread> senders = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (maxSeconds * 1e9);
    for (int t = 0; t < threads; t++) {
      List<Integer> queue = queues.get(t);
      Thread sender = new Thread(() -> {
        for (int index : queue) {
          if (System.nanoTime() >= deadline) {
            return;
          }
          String todoId = todoIds.get(index);
          StreamPosition position =
              new StreamPosition(partitioner.partitionOf(todoId), (index + 1) + "-0");
          try {
            signals.send(new TodoCommand(UUID.randomUUID().toString(), todoId,
                CommandType.UPSERT, "benchmark write", false, Instant.now(), position));
          } catch (RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
              System.err.println("  " + name + ": signal failed: " + e);
            }
          }
        }
      }, "bench-direct-" + t);
      sender.setDaemon(true);
      senders.add(sender);
    }
    try (Progress progress =
        new Progress(name, () -> stack.applied().count(label), todoIds.size())) {
      senders.forEach(Thread::start);
      return drain(label, todoIds.size(), maxSeconds);
    } finally {
      for (Thread sender : senders) {
        joinQuietly(sender);
      }
    }
  }

  /**
   * Runs a naive pump on the preloaded streams for {@code seconds}: one thread per partition
   * reads {@value #NAIVE_BATCH} entries, signals them one by one, acknowledges them and sleeps
   * {@value #NAIVE_PAUSE_MILLIS} ms. The dispatch scenario gives it one partition, so one loop
   * does the work, at most {@value #NAIVE_BATCH} commands per pause.
   */
  Drain naive(TodoMeshProperties settings, String label, long commands, double seconds,
      String name) {
    CommandStreams streams = stack.streamsFor(settings);
    Signals signals = signals();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    for (int p = 0; p < streams.partitions(); p++) {
      int partition = p;
      Thread reader = new Thread(
          () -> naiveLoop(streams, partition, signals, stop), "bench-naive-p" + p);
      reader.setDaemon(true);
      readers.add(reader);
    }
    try (Progress progress =
        new Progress(name, () -> stack.applied().count(label), commands)) {
      readers.forEach(Thread::start);
      return drain(label, commands, seconds);
    } finally {
      stop.set(true);
      readers.forEach(Dispatchers::joinQuietly);
    }
  }

  private Drain drain(String label, long commands, double seconds) {
    Waits.Timing timing = Waits.timed(() -> stack.applied().count(label), commands, seconds);
    long processed = stack.applied().count(label);
    return new Drain(
        processed, timing.firstSeconds(), timing.restSeconds(), processed >= commands);
  }

  private static void naiveLoop(
      CommandStreams streams, int partition, Signals signals, AtomicBoolean stop) {
    RStream<String, String> stream = streams.commandStream(partition);
    try {
      stream.createGroup(StreamCreateGroupArgs.name("naive").id(StreamMessageId.ALL).makeStream());
    } catch (RedisException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
        throw e;
      }
    }
    while (!stop.get()) {
      Map<StreamMessageId, Map<String, String>> entries =
          new LinkedHashMap<>(stream.readGroup("naive", "naive-" + partition,
              StreamReadGroupArgs.neverDelivered().count(NAIVE_BATCH)));
      for (Map.Entry<StreamMessageId, Map<String, String>> entry : entries.entrySet()) {
        signals.send(CommandEntry.decode(partition, entry.getKey().toString(), entry.getValue()));
      }
      if (!entries.isEmpty()) {
        stream.ack("naive", entries.keySet().toArray(StreamMessageId[]::new));
      }
      try {
        Thread.sleep(NAIVE_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Signals signals() {
    TodoMeshProperties properties = stack.properties();
    return new Signals(stack.client(), properties.temporal().taskQueue(),
        properties.workflow().continueAsNewAfter());
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
