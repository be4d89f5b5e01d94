package dev.todomesh.gateway.history;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.todomesh.gateway.config.TemporalConnections;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.workflows.SessionWorkflowImpl;
import dev.todomesh.workflows.TodoWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code replay} command: replays history files, or a workflow's history fetched from
 * Temporal, against the workflow code in this build, without starting the application.
 *
 * <p>Exit codes: 0 when every history replays, 1 when at least one does not, 2 for invalid
 * arguments, unreadable files and failed fetches.
 */
public final class ReplayCommand {

  /** First program argument that selects this command. */
  public static final String NAME = "replay";

  public static final int EXIT_REPLAYED = 0;
  public static final int EXIT_DIVERGED = 1;
  public static final int EXIT_USAGE = 2;

  static final String USAGE =
      """
      Usage: java -jar todo-mesh.jar replay FILE...
             java -jar todo-mesh.jar replay --workflow-id ID [--run-id RUN_ID | --all-runs]
                                            [--todo-mesh.temporal.target=HOST:PORT]
                                            [--todo-mesh.temporal.namespace=NAMESPACE]

      Replays workflow histories against the workflow code in this build and reports, for each
      history, whether the code makes the same decisions as the code that recorded it.

        FILE                 a history in Temporal's JSON format ({"events": [...]}), or a JSON
                             array of them as GET /todos/{id}/history?allRuns=true returns
        --workflow-id ID     fetch the history of workflow ID (for example todo:milk) instead
        --run-id RUN_ID      with --workflow-id: that run instead of the latest one
        --all-runs           with --workflow-id: every run across continue-as-new
        --todo-mesh.temporal.*
                             where and how to connect, as for the application: target, namespace,
                             tls.*, api-key, api-key-file, also read from the environment
                             (TODO_MESH_TEMPORAL_TARGET and so on); an empty target means the
                             embedded server of a todo-mesh on this host, 127.0.0.1 at
                             todo-mesh.embedded.temporal-port (default 7233)

      Exit status: 0 when every history replays, 1 when one does not, 2 for invalid arguments,
      unreadable files or a failed fetch.
      """;

  private final List<Class<?>> workflowImplementations;
  private final PrintStream out;
  private final PrintStream err;

  /** Creates the command for the application's workflow implementations. */
  public ReplayCommand(PrintStream out, PrintStream err) {
    this(List.of(TodoWorkflowImpl.class, SessionWorkflowImpl.class), out, err);
  }

  /** Creates the command for other workflow implementations, such as a test's variant. */
  public ReplayCommand(List<Class<?>> workflowImplementations, PrintStream out, PrintStream err) {
    this.workflowImplementations = List.copyOf(workflowImplementations);
    this.out = out;
    this.err = err;
  }

  /**
   * Sets the root log level to WARN. Without Spring Boot's logging setup, Logback would print
   * every DEBUG line of the Temporal SDK and gRPC among the replay results.
   */
  public static void quietLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  /** Returns true when the program arguments select this command. */
  public static boolean isSelectedBy(String[] args) {
    return args.length > 0 && NAME.equals(args[0]);
  }

  /** Runs the command with the arguments that follow {@code replay}; returns the exit code. */
  public int run(List<String> args) {
    ReplayArguments arguments;
    try {
      arguments = ReplayArguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("replay: " + e.getMessage());
      err.println();
      err.print(USAGE);
      return EXIT_USAGE;
    }
    if (arguments.help()) {
      out.print(USAGE);
      return EXIT_REPLAYED;
    }

    List<Source> sources;
    try {
      sources = arguments.workflowId() != null ? fetch(arguments) : read(arguments.files());
    } catch (HistoryUnavailableException e) {
      err.println("replay: " + e.getMessage());
      return EXIT_USAGE;
    }

    int diverged = 0;
    try (HistoryReplayer replayer = new HistoryReplayer(workflowImplementations)) {
      for (Source source : sources) {
        ReplayOutcome outcome = replayer.replay(source.history());
        report(source, outcome);
        if (!outcome.replayed()) {
          diverged++;
        }
      }
    }
    if (sources.size() > 1) {
      out.println(
          (sources.size() - diverged) + " of " + sources.size() + " histories replayed cleanly");
    }
    return diverged == 0 ? EXIT_REPLAYED : EXIT_DIVERGED;
  }

  private void report(Source source, ReplayOutcome outcome) {
    String run = outcome.runId().isEmpty() ? "" : " run " + outcome.runId();
    String what =
        outcome.workflowId()
            + run
            + " ("
            + source.origin()
            + ", "
            + outcome.events()
            + " events)";
    switch (outcome.status()) {
      case REPLAYED -> out.println("OK " + what);
      case NON_DETERMINISTIC, FAILED -> {
        String label =
            outcome.status() == ReplayOutcome.Status.NON_DETERMINISTIC
                ? "NON-DETERMINISTIC "
                : "FAILED ";
        out.println(label + what);
        out.println("  " + outcome.divergence().explanation());
        out.println("  SDK message: " + outcome.divergence().sdkMessage());
      }
    }
  }

  private static List<Source> read(List<Path> files) {
    List<Source> sources = new ArrayList<>();
    for (Path file : files) {
      String json;
      try {
        json = Files.readString(file);
      } catch (IOException e) {
        throw new HistoryUnavailableException("failed to read " + file + ": " + e);
      }
      List<WorkflowExecutionHistory> histories;
      try {
        histories = HistoryDocuments.parse(json);
      } catch (RuntimeException e) {
        throw new HistoryUnavailableException(
            file + " is not a workflow history in Temporal's JSON format: " + e.getMessage());
      }
      for (int i = 0; i < histories.size(); i++) {
        String origin = histories.size() == 1 ? file.toString() : file + " [" + i + "]";
        sources.add(new Source(origin, histories.get(i)));
      }
    }
    return sources;
  }

  private static List<Source> fetch(ReplayArguments arguments) {
    TodoMeshProperties.Temporal settings = arguments.settings().temporal();
    String target =
        settings.isEmbedded()
            ? "127.0.0.1:" + arguments.settings().embedded().temporalPort()
            : settings.target();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            settings.isEmbedded()
                ? WorkflowServiceStubsOptions.newBuilder().setTarget(target).build()
                : TemporalConnections.external(settings));
    try {
      WorkflowHistories histories =
          new WorkflowHistories(
              WorkflowClient.newInstance(
                  stubs,
                  WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build()));
      String workflowId = arguments.workflowId();
      List<WorkflowExecutionHistory> fetched;
      if (arguments.allRuns()) {
        fetched = histories.allRuns(workflowId);
      } else if (arguments.runId() != null) {
        fetched = histories.run(workflowId, arguments.runId()).stream().toList();
      } else {
        fetched = histories.latestRun(workflowId).stream().toList();
      }
      if (fetched.isEmpty()) {
        throw new HistoryUnavailableException(
            "workflow "
                + workflowId
                + Optional.ofNullable(arguments.runId()).map(run -> " run " + run).orElse("")
                + " not found in namespace "
                + settings.namespace()
                + " at "
                + target);
      }
      String origin = "fetched from " + target;
      return fetched.stream().map(history -> new Source(origin, history)).toList();
    } catch (RuntimeException e) {
      if (e instanceof HistoryUnavailableException) {
        throw e;
      }
      throw new HistoryUnavailableException(
          "fetching the history of "
              + arguments.workflowId()
              + " from "
              + target
              + " failed: "
              + e
              + ". Check that the server is running and set todo-mesh.temporal.target, or, for"
              + " a todo-mesh in embedded mode on another port,"
              + " todo-mesh.embedded.temporal-port.");
    } finally {
      stubs.shutdownNow();
    }
  }

  private record Source(String origin, WorkflowExecutionHistory history) {}

  private static final class HistoryUnavailableException extends RuntimeException {
    HistoryUnavailableException(String message) {
      super(message);
    }
  }

  /** Parsed arguments of the command. */
  record ReplayArguments(
      boolean help,
      List<Path> files,
      String workflowId,
      String runId,
      boolean allRuns,
      TodoMeshProperties settings) {

    static ReplayArguments parse(List<String> args) {
      boolean help = false;
      List<Path> files = new ArrayList<>();
      String workflowId = null;
      String runId = null;
      boolean allRuns = false;
      List<String> settings = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("-h") || arg.equals("--help")) {
          help = true;
        } else if (arg.equals("--all-runs")) {
          allRuns = true;
        } else if (arg.equals("--workflow-id") || arg.equals("--run-id")) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          String value = args.get(++i);
          if (arg.equals("--workflow-id")) {
            workflowId = value;
          } else {
            runId = value;
          }
        } else if (arg.startsWith("--workflow-id=")) {
          workflowId = arg.substring("--workflow-id=".length());
        } else if (arg.startsWith("--run-id=")) {
          runId = arg.substring("--run-id=".length());
        } else if (arg.startsWith("--todo-mesh.")) {
          settings.add(arg);
        } else if (arg.startsWith("-")) {
          throw new IllegalArgumentException("unknown option " + arg);
        } else {
          files.add(Path.of(arg));
        }
      }
      if (!help) {
        validate(files, workflowId, runId, allRuns);
      }
      return new ReplayArguments(help, files, workflowId, runId, allRuns, bind(settings));
    }

    private static void validate(
        List<Path> files, String workflowId, String runId, boolean allRuns) {
      if (workflowId == null && files.isEmpty()) {
        throw new IllegalArgumentException("give at least one history FILE or --workflow-id ID");
      }
      if (workflowId != null && !files.isEmpty()) {
        throw new IllegalArgumentException("give history files or --workflow-id, not both");
      }
      if (workflowId != null && workflowId.isBlank()) {
        throw new IllegalArgumentException("--workflow-id must not be empty");
      }
      if ((runId != null || allRuns) && workflowId == null) {
        throw new IllegalArgumentException("--run-id and --all-runs need --workflow-id");
      }
      if (runId != null && allRuns) {
        throw new IllegalArgumentException("give --run-id or --all-runs, not both");
      }
    }

    /** Binds the connection settings from arguments and environment as the application does. */
    private static TodoMeshProperties bind(List<String> settings) {
      StandardEnvironment environment = new StandardEnvironment();
      environment
          .getPropertySources()
          .addFirst(new SimpleCommandLinePropertySource(settings.toArray(String[]::new)));
      return Binder.get(environment).bindOrCreate("todo-mesh", TodoMeshProperties.class);
    }
  }
}
