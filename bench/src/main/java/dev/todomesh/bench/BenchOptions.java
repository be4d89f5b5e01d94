package dev.todomesh.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the harness.
 *
 * @param scenarios scenarios to run, in order
 * @param quick a few seconds per scenario, for smoke tests; figures are then rough
 * @param seconds length of each timed measurement
 * @param concurrency client threads for ingest and for direct signals
 * @param commands commands per dispatch case
 * @param todos distinct todos per dispatch case with uniform keys
 * @param redisUrl Redis to use instead of starting one; empty starts the embedded Redis
 * @param temporalTarget Temporal frontend to use instead of the embedded test server
 * @param outputDir where JSON, CSV and SVG files go
 */
record BenchOptions(
    List<String> scenarios,
    boolean quick,
    double seconds,
    int concurrency,
    int commands,
    int todos,
    String redisUrl,
    String temporalTarget,
    Path outputDir) {

  static final List<String> SCENARIOS = List.of("ingest", "kafka", "dispatch", "latency", "cost");

  static final String USAGE =
      """
      Usage: java -jar bench/target/bench.jar SCENARIO... [options]

      Scenarios: ingest, kafka, dispatch, latency, cost, or all (every scenario in this order).

      Options:
        --quick               a few seconds per scenario; figures are rough (smoke test)
        --seconds=S           length of each timed measurement in seconds (default 10, quick 2)
        --concurrency=N       client threads for HTTP, XADD and direct signals (default 32)
        --commands=N          commands per dispatch case (default 10000, quick 1000)
        --todos=N             distinct todos with uniform keys (default 1000, quick 200)
        --redis=URL           use this Redis, e.g. redis://127.0.0.1:6390, instead of starting one
        --temporal=HOST:PORT  use this Temporal frontend instead of the embedded test server
        --out=DIR             directory for the JSON, CSV and SVG files (default bench-results)
      """;

  /** Parses the arguments; throws IllegalArgumentException with the reason on bad input. */
  private static double defaultSeconds(boolean quick) {
    return quick ? 2 : 10;
  }

  /** Returns the given value, else the default of quick or full mode. */
  private static int orDefault(Integer given, boolean quick, int quickDefault, int fullDefault) {
    if (given != null) {
      return given;
    }
    return quick ? quickDefault : fullDefault;
  }

  static BenchOptions parse(String[] args) {
    List<String> scenarios = new ArrayList<>();
    boolean quick = false;
    Double seconds = null;
    int concurrency = 32;
    Integer commands = null;
    Integer todos = null;
    String redisUrl = "";
    String temporalTarget = "";
    Path outputDir = Path.of("bench-results");
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--seconds=")) {
        seconds = positive(arg, Double.parseDouble(value(arg)));
      } else if (arg.startsWith("--concurrency=")) {
        concurrency = (int) positive(arg, Integer.parseInt(value(arg)));
      } else if (arg.startsWith("--commands=")) {
        commands = (int) positive(arg, Integer.parseInt(value(arg)));
      } else if (arg.startsWith("--todos=")) {
        todos = (int) positive(arg, Integer.parseInt(value(arg)));
      } else if (arg.startsWith("--redis=")) {
        redisUrl = value(arg);
      } else if (arg.startsWith("--temporal=")) {
        temporalTarget = value(arg);
      } else if (arg.startsWith("--out=")) {
        outputDir = Path.of(value(arg));
      } else if (arg.equals("all")) {
        scenarios.addAll(SCENARIOS);
      } else if (SCENARIOS.contains(arg)) {
        scenarios.add(arg);
      } else {
        throw new IllegalArgumentException("unknown scenario or option '" + arg + "'");
      }
    }
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("no scenario given");
    }
    return new BenchOptions(
        scenarios,
        quick,
        seconds != null ? seconds : defaultSeconds(quick),
        concurrency,
        orDefault(commands, quick, 1_000, 10_000),
        orDefault(todos, quick, 200, 1_000),
        redisUrl,
        temporalTarget,
        outputDir);
  }

  private static String value(String arg) {
    return arg.substring(arg.indexOf('=') + 1);
  }

  private static double positive(String arg, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("option " + arg + " must be a positive number");
    }
    return value;
  }
}
