package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.stream.CommandStreams;
import io.temporal.client.WorkflowClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Moves commands from the partition streams to the todo workflows.
 *
 * <p>Pumps share the partitions through leases in Redis (see {@link LeaseManager}). Every live
 * pump computes the same assignment: the members sorted by name, partition {@code p} going to
 * member {@code p mod n}. A pump takes the leases of its partitions when they are free and
 * gives up partitions assigned to another pump after finishing its current batch. A dead
 * pump's leases expire after {@code todo-mesh.pump.lease-ttl}, and its partitions move on.
 *
 * <p>Stopping is cooperative: readers stop reading, deliveries in flight finish and are
 * acknowledged, leases are released so another pump takes over at once, and only then does
 * {@link #stop()} return.
 */
public class CommandPump implements SmartLifecycle {

  /** Lifecycle phase: after the worker on start, before it on stop. */
  public static final int PHASE = Integer.MAX_VALUE - 3072;

  private static final Logger log = LoggerFactory.getLogger(CommandPump.class);

  private final CommandStreams streams;
  private final WorkflowClient client;
  private final TodoMeshProperties properties;
  private final String member;
  private final LeaseManager leases;
  private final CommandMetrics metrics;
  private final SignalTracing tracing;
  private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();
  private ExecutorService dispatchPool;
  private SignalDispatcher dispatcher;
  private DeadLetters deadLetters;
  private ParkedTodos parked;
  private Thread coordinator;
  private volatile boolean stopping;
  private volatile boolean halted;
  private volatile boolean running;

  /** Creates a pump whose metrics are not exported and whose signals make no spans. */
  public CommandPump(CommandStreams streams, WorkflowClient client, TodoMeshProperties properties) {
    this(streams, client, properties, CommandMetrics.unregistered(), SignalTracing.NONE);
  }

  public CommandPump(
      CommandStreams streams,
      WorkflowClient client,
      TodoMeshProperties properties,
      CommandMetrics metrics,
      SignalTracing tracing) {
    this.streams = streams;
    this.client = client;
    this.properties = properties;
    this.metrics = metrics;
    this.tracing = tracing;
    this.member = resolveMemberName(properties.pump().consumerName());
    this.leases = new LeaseManager(streams, member, properties.pump().leaseTtl());
  }

  @Override
  public synchronized void start() {
    TodoMeshProperties.Pump settings = properties.pump();
    stopping = false;
    halted = false;
    dispatchPool = newDispatchPool(settings.dispatchConcurrency());
    dispatcher =
        new SignalDispatcher(
            client,
            properties.temporal().taskQueue(),
            properties.workflow().continueAsNewAfter(),
            settings,
            metrics,
            tracing);
    deadLetters = new DeadLetters(streams, Clock.systemUTC(), metrics);
    parked = new ParkedTodos(streams, settings.consumerGroup());
    coordinator = new Thread(this::coordinate, "pump-leases");
    coordinator.start();
    running = true;
    log.info(
        "Command pump started: member={} partitions={} consumerGroup={} dispatchConcurrency={}",
        member,
        streams.partitions(),
        settings.consumerGroup(),
        settings.dispatchConcurrency());
  }

  /** Returns the partitions this pump delivers now. */
  public Set<Integer> ownedPartitions() {
    return new TreeSet<>(owned.keySet());
  }

  public String member() {
    return member;
  }

  private void coordinate() {
    long interval = properties.pump().leaseTtl().toMillis() / 3;
    while (!stopping && !halted) {
      try {
        rebalance();
      } catch (RedisException e) {
        log.warn("Lease renewal failed, retrying: member={} error={}", member, e.toString());
      } catch (RuntimeException e) {
        log.error("Unexpected lease coordinator error: member={}", member, e);
      }
      sleep(interval);
    }
  }

  private void rebalance() {
    List<String> members = leases.heartbeat();
    int index = members.indexOf(member);
    for (Owned current : List.copyOf(owned.values())) {
      int partition = current.lease().partition();
      if (!current.thread().isAlive()) {
        owned.remove(partition);
        if (current.stopRequested()) {
          leases.release(current.lease());
          log.info("Partition released: partition={} member={}", partition, member);
        }
      } else if (!leases.renew(current.lease())) {
        log.warn("Partition lease lost: partition={} member={}", partition, member);
      } else if (!isAssigned(partition, index, members.size())) {
        current.requestStop();
      }
    }
    for (int partition = 0; partition < streams.partitions(); partition++) {
      if (owned.containsKey(partition) || !isAssigned(partition, index, members.size())) {
        continue;
      }
      PartitionLease lease = leases.acquire(partition);
      if (lease != null) {
        startConsumer(lease);
      }
    }
  }

  private static boolean isAssigned(int partition, int memberIndex, int memberCount) {
    return memberIndex >= 0 && partition % memberCount == memberIndex;
  }

  private void startConsumer(PartitionLease lease) {
    TodoMeshProperties.Pump settings = properties.pump();
    Owned entry = new Owned(lease);
    PartitionConsumer consumer =
        new PartitionConsumer(
            new FencedPartition(
                lease.partition(), streams, settings.consumerGroup(), member, lease),
            new PartitionConsumer.Settings(
                settings.consumerGroup(),
                member,
                settings.batchSize(),
                settings.blockTimeout(),
                settings.recoveryInterval(),
                settings.recoveryMinIdle(),
                settings.retention()),
            dispatcher,
            deadLetters,
            parked,
            metrics,
            dispatchPool,
            () -> stopping || entry.stopRequested(),
            () -> halted,
            Clock.systemUTC());
    Thread thread = new Thread(consumer, "pump-p" + lease.partition());
    entry.start(thread);
    owned.put(lease.partition(), entry);
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    log.info("Command pump stopping: finishing deliveries in flight");
    stopping = true;
    joinQuietly(coordinator);
    for (Owned current : owned.values()) {
      joinQuietly(current.thread());
    }
    if (!halted) {
      releaseAll();
    }
    owned.clear();
    dispatchPool.shutdown();
    running = false;
    log.info("Command pump stopped: member={}", member);
  }

  /**
   * Releases every lease and leaves the members, so other pumps take over at once. Stops at the
   * first Redis error: Redis is then most likely gone, and the leases expire on their own.
   */
  private void releaseAll() {
    try {
      for (Owned current : owned.values()) {
        leases.release(current.lease());
      }
      leases.leave();
    } catch (RedisException e) {
      log.warn(
          "Releasing leases failed; they expire within {}: member={} error={}",
          properties.pump().leaseTtl(),
          member,
          e.toString());
    }
  }

  /**
   * Stops the pump as a crash would: nothing more is delivered or acknowledged, and leases and
   * membership are left to expire. For tests of failover.
   */
  void halt() {
    halted = true;
    stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void joinQuietly(Thread thread) {
    long waitMillis = properties.pump().blockTimeout().toMillis() + 30_000;
    try {
      thread.join(waitMillis);
      if (thread.isAlive()) {
        log.warn("Pump thread did not stop in time: thread={}", thread.getName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  /** Returns the configured name, or the host name with a random suffix that is unique per run. */
  private static String resolveMemberName(String configured) {
    if (!configured.isBlank()) {
      return configured;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "pump";
    }
    byte[] suffix = new byte[4];
    ThreadLocalRandom.current().nextBytes(suffix);
    return host + "-" + HexFormat.of().formatHex(suffix);
  }

  /** A partition this pump holds, with the thread that delivers it. */
  private static final class Owned {
    private final PartitionLease lease;
    private volatile Thread thread;
    private volatile boolean stopRequested;

    Owned(PartitionLease lease) {
      this.lease = lease;
    }

    PartitionLease lease() {
      return lease;
    }

    Thread thread() {
      return thread;
    }

    void start(Thread thread) {
      this.thread = thread;
      thread.start();
    }

    boolean stopRequested() {
      return stopRequested;
    }

    void requestStop() {
      stopRequested = true;
    }
  }
}
