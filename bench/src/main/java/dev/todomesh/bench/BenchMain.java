package dev.todomesh.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs benchmark scenarios against a stack it starts itself, prints each scenario's figures as
 * a table on standard output and writes them as JSON, CSV and SVG. Progress goes to standard
 * error.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("Invalid arguments: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    run(options, String.join(" ", args), System.out);
    // Temporal's and Redisson's non-daemon threads can outlive a closed client.
    System.exit(0);
  }

  /** Runs the scenarios of {@code options}; returns their results in order. */
  static List<ScenarioResult> run(BenchOptions options, String commandLine, PrintStream out)
      throws Exception {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("commandLine", "java -jar bench/target/bench.jar " + commandLine);
    run.put("startedAt", Instant.now().toString());
    run.put("machine", Machine.describe());
    run.put("options", describe(options));
    ResultWriter writer = new ResultWriter(options.outputDir(), run);
    out.println("Machine: " + Machine.describe());
    out.println("Load average at start: " + Machine.loadAverage());

    List<ScenarioResult> results = new ArrayList<>();
    System.err.println("Starting the stack (Redis, Temporal, API, worker)...");
    try (BenchStack stack = BenchStack.start(options)) {
      for (String scenario : new LinkedHashSet<>(options.scenarios())) {
        System.err.println("Scenario " + scenario + ":");
        String before = Machine.loadAverage();
        ScenarioResult result = runScenario(scenario, stack, options);
        result.loads(before, Machine.loadAverage());
        writer.printTable(result, out);
        for (Path file : writer.write(result)) {
          System.err.println("  wrote " + file);
        }
        results.add(result);
      }
    }
    return results;
  }

  private static ScenarioResult runScenario(String scenario, BenchStack stack,
      BenchOptions options) throws Exception {
    return switch (scenario) {
      case "ingest" -> IngestScenario.run(stack, options);
      case "kafka" -> KafkaScenario.run(stack, options);
      case "dispatch" -> DispatchScenario.run(stack, options);
      case "latency" -> LatencyScenario.run(stack, options);
      case "cost" -> CostScenario.run(stack, options);
      default -> throw new IllegalArgumentException("unknown scenario: " + scenario);
    };
  }

  private static Map<String, Object> describe(BenchOptions options) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("quick", options.quick());
    values.put("seconds", options.seconds());
    values.put("concurrency", options.concurrency());
    values.put("commands", options.commands());
    values.put("todos", options.todos());
    values.put("redis", options.redisUrl().isBlank() ? "embedded" : "external");
    values.put("temporal", options.temporalTarget().isBlank() ? "embedded" : "external");
    return values;
  }
}
