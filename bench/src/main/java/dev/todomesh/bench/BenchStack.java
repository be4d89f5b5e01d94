package dev.todomesh.bench;

import dev.todomesh.embedded.Ports;
import dev.todomesh.gateway.TodoMeshApplication;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.kafka.KafkaServer;
import dev.todomesh.gateway.pump.CommandPump;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.activities.changes.TodoChangeActivitiesImpl;
import dev.todomesh.activities.events.EventActivitiesImpl;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.activities.readmodel.ReadModelActivitiesImpl;
import dev.todomesh.activities.readmodel.TodoReadModel;
import dev.todomesh.activities.sessions.SessionActivitiesImpl;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.workflows.SessionWorkflowImpl;
import dev.todomesh.workflows.TodoWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The system under test: the todo-mesh application with only the API role, plus a Temporal
 * worker and pumps that the harness starts and stops itself.
 *
 * <p>The application starts its embedded Redis and Temporal test server on free loopback ports,
 * or connects to the given ones. The worker registers the application's workflows and
 * activities on the same task queue with default options, as the worker role does, plus an
 * interceptor that counts applied commands. Every Redis key the run writes starts with a prefix of its own, and
 * the task queue is the run's own, so a run against shared servers touches nothing else.
 */
final class BenchStack implements AutoCloseable {

  private final ConfigurableApplicationContext app;
  private final String runPrefix;
  private final TodoMeshProperties properties;
  private final RedissonClient redisson;
  private final WorkflowClient client;
  private final AppliedCommands applied = new AppliedCommands();
  private final WorkerFactory workers;
  private final Path dataDir;
  private final int httpPort;
  private final boolean embeddedRedis;

  private BenchStack(BenchOptions options) throws IOException {
    runPrefix = "bench" + HexFormat.of().formatHex(randomBytes());
    dataDir = Files.createTempDirectory("todo-mesh-bench");
    httpPort = Ports.findFree();
    List<String> args = new ArrayList<>(List.of(
        "--server.port=" + httpPort,
        "--server.address=127.0.0.1",
        "--todo-mesh.roles=api",
        "--todo-mesh.embedded.redis-port=" + Ports.findFree(),
        "--todo-mesh.embedded.temporal-port=" + Ports.findFree(),
        "--todo-mesh.embedded.data-dir=" + dataDir,
        "--todo-mesh.kafka.host=127.0.0.1",
        "--todo-mesh.kafka.port=" + Ports.findFree(),
        "--todo-mesh.streams.prefix=" + runPrefix + "-app",
        // The benchmarks build backlogs far past the default limit on purpose.
        "--todo-mesh.streams.max-backlog=100000000",
        "--todo-mesh.temporal.task-queue=" + runPrefix,
        "--logging.level.root=WARN"));
    embeddedRedis = options.redisUrl().isBlank();
    if (!embeddedRedis) {
      args.add("--todo-mesh.redis.url=" + options.redisUrl());
    }
    if (!options.temporalTarget().isBlank()) {
      args.add("--todo-mesh.temporal.target=" + options.temporalTarget());
    }
    SpringApplication application = new SpringApplication(TodoMeshApplication.class);
    app = application.run(args.toArray(String[]::new));
    properties = app.getBean(TodoMeshProperties.class);
    redisson = app.getBean(RedissonClient.class);
    client = app.getBean(WorkflowClient.class);

    workers =
        WorkerFactory.newInstance(
            client, WorkerFactoryOptions.newBuilder().setWorkerInterceptors(applied).build());
    // The same workflows and activities as the worker role registers.
    Worker worker = workers.newWorker(properties.temporal().taskQueue());
    worker.registerWorkflowImplementationTypes(TodoWorkflowImpl.class, SessionWorkflowImpl.class);
    ReadModelActivitiesImpl readModel =
        new ReadModelActivitiesImpl(
            app.getBean(TodoReadModel.class), app.getBean(CommandStatusStore.class));
    EventActivitiesImpl events = new EventActivitiesImpl(app.getBean(EventLog.class));
    worker.registerActivitiesImplementations(
        readModel, events, new TodoChangeActivitiesImpl(readModel, events),
        new SessionActivitiesImpl(
            client, properties.temporal().taskQueue(), properties.sessions().idleTimeout()));
    workers.start();
  }

  static BenchStack start(BenchOptions options) throws IOException {
    return new BenchStack(options);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[3];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  /** Returns a todo ID label unique to this run, so that workflows of earlier runs are not reused. */
  String label(String name) {
    return runPrefix + name;
  }

  String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  int kafkaPort() {
    return app.getBean(KafkaServer.class).port();
  }

  TodoMeshProperties properties() {
    return properties;
  }

  RedissonClient redisson() {
    return redisson;
  }

  WorkflowClient client() {
    return client;
  }

  WorkflowServiceStubs serviceStubs() {
    return client.getWorkflowServiceStubs();
  }

  AppliedCommands applied() {
    return applied;
  }

  /** Returns the application's own streams, the ones HTTP and Kafka writes go to. */
  CommandStreams appStreams() {
    return app.getBean(CommandStreams.class);
  }

  /** Returns the settings with the key prefix of a fresh, empty set of streams named {@code name}. */
  TodoMeshProperties propertiesFor(String name) {
    return propertiesFor(name, properties.streams().partitions());
  }

  /** Like {@link #propertiesFor(String)}, with its own number of partitions. */
  TodoMeshProperties propertiesFor(String name, int partitions) {
    TodoMeshProperties.Streams streams = properties.streams();
    return new TodoMeshProperties(
        properties.roles(),
        properties.redis(),
        properties.temporal(),
        properties.embedded(),
        new TodoMeshProperties.Streams(
            runPrefix + "-" + name, partitions, streams.maxBacklog()),
        properties.api(),
        properties.pump(),
        properties.workflow(),
        properties.kafka(),
        properties.readModel(),
        properties.sessions());
  }

  CommandStreams streamsFor(TodoMeshProperties settings) {
    return new CommandStreams(redisson, settings.streams());
  }

  CommandIntake intakeFor(TodoMeshProperties settings) {
    return new CommandIntake(streamsFor(settings), settings.streams(), settings.api());
  }

  /** Returns a pump over the streams of {@code settings}, not yet started. */
  CommandPump pumpFor(TodoMeshProperties settings) {
    return new CommandPump(streamsFor(settings), client, settings);
  }

  /** Returns Redis's {@code used_memory} in bytes. */
  long redisUsedMemory() {
    Map<String, String> info =
        redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.MEMORY);
    return Long.parseLong(info.get("used_memory"));
  }

  /** Returns the Redis host and port, for redis-benchmark. */
  URI redisAddress() {
    if (embeddedRedis) {
      return URI.create("redis://127.0.0.1:" + properties.embedded().redisPort());
    }
    return URI.create(properties.redis().url());
  }

  /** Deletes the keys of the stream set {@code name}, as {@link #propertiesFor} names them. */
  void deleteKeys(String name) {
    redisson.getKeys().deleteByPattern(runPrefix + "-" + name + ":*");
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      System.err.println("Worker did not stop cleanly: " + e);
    }
    if (!embeddedRedis) {
      redisson.getKeys().deleteByPattern(runPrefix + "-*");
    }
    app.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not delete " + dataDir + ": " + e);
    }
  }
}
