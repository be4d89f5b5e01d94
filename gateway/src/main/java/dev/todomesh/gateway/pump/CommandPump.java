package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandStreams;
import io.temporal.client.WorkflowClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Moves commands from the partition streams to the todo workflows: one reader thread per
 * partition and a shared, bounded pool of threads that send signals.
 *
 * <p>Stopping is cooperative: readers stop reading, deliveries in flight finish and are
 * acknowledged, and only then does {@link #stop()} return. A delivery still retrying when the
 * pump stops is left unacknowledged and is delivered again by the next pump with the same
 * consumer name.
 */
public class CommandPump implements SmartLifecycle {

  /** Lifecycle phase: after the worker on start, before it on stop. */
  public static final int PHASE = Integer.MAX_VALUE - 3072;

  private static final Logger log = LoggerFactory.getLogger(CommandPump.class);

  private final CommandStreams streams;
  private final WorkflowClient client;
  private final TodoMeshProperties properties;
  private final String consumerName;
  private final List<Thread> readers = new ArrayList<>();
  private ExecutorService dispatchPool;
  private volatile boolean stopping;
  private volatile boolean running;

  public CommandPump(CommandStreams streams, WorkflowClient client, TodoMeshProperties properties) {
    this.streams = streams;
    this.client = client;
    this.properties = properties;
    this.consumerName = resolveConsumerName(properties.pump().consumerName());
  }

  @Override
  public synchronized void start() {
    TodoMeshProperties.Pump settings = properties.pump();
    stopping = false;
    dispatchPool = newDispatchPool(settings.dispatchConcurrency());
    SignalDispatcher dispatcher =
        new SignalDispatcher(
            client,
            properties.temporal().taskQueue(),
            properties.workflow().continueAsNewAfter(),
            settings,
            () -> stopping);
    DeadLetters deadLetters = new DeadLetters(streams, Clock.systemUTC());
    for (int partition = 0; partition < streams.partitions(); partition++) {
      PartitionConsumer consumer =
          new PartitionConsumer(
              partition,
              streams.commandStream(partition),
              settings.consumerGroup(),
              consumerName,
              settings.batchSize(),
              settings.blockTimeout(),
              dispatcher,
              deadLetters,
              dispatchPool,
              () -> stopping);
      Thread reader = new Thread(consumer, "pump-p" + partition);
      reader.start();
      readers.add(reader);
    }
    running = true;
    log.info(
        "Command pump started: partitions={} consumerGroup={} consumer={} dispatchConcurrency={}",
        streams.partitions(),
        settings.consumerGroup(),
        consumerName,
        settings.dispatchConcurrency());
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    log.info("Command pump stopping: finishing deliveries in flight");
    stopping = true;
    long waitMillis = properties.pump().blockTimeout().toMillis() + 30_000;
    for (Thread reader : readers) {
      try {
        reader.join(waitMillis);
        if (reader.isAlive()) {
          log.warn("Pump reader did not stop in time: thread={}", reader.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    readers.clear();
    dispatchPool.shutdown();
    running = false;
    log.info("Command pump stopped");
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  public String consumerName() {
    return consumerName;
  }

  private static ExecutorService newDispatchPool(int threads) {
    AtomicInteger counter = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "pump-dispatch-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static String resolveConsumerName(String configured) {
    if (!configured.isBlank()) {
      return configured;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "pump";
    }
  }
}
