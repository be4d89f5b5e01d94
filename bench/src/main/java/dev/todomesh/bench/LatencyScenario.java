package dev.todomesh.bench;

import dev.todomesh.gateway.pump.CommandPump;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Accepted-to-applied latency at 25%, 50% and 90% of the maximum rate measured in the same run.
 *
 * <p>The maximum is the sustained end-to-end rate: {@code concurrency} threads write over HTTP as
 * fast as they can, with the pump running, to fresh todos as the levels do, and the rate counts
 * the commands applied from the first write until the last of them is applied. Two upper bounds
 * are shown next to it: HTTP writes with no pump running, and the pump draining a preloaded
 * backlog, where one signal carries several commands of a todo and a steady flow does not.
 *
 * <p>Each level then sends upserts over HTTP at a fixed rate with the pump running (an open loop:
 * a slow response does not slow the sender), and a command's latency runs from the API's {@code
 * acceptedAt} stamp to the workflow task that applies it.
 */
final class LatencyScenario {

  private static final double[] LEVELS = {0.25, 0.50, 0.90};

  private LatencyScenario() {}

  static ScenarioResult run(BenchStack stack, BenchOptions options) {
    ScenarioResult result = new ScenarioResult("latency");
    stack.deleteKeys("app");
    try (HttpWriter http = new HttpWriter(stack.httpBase(), 256)) {
      measureBounds(stack, options, http, result);
      CommandPump pump = stack.pumpFor(stack.propertiesFor("app"));
      pump.start();
      try {
        double max = measureSustained(stack, options, http, result);
        for (double level : LEVELS) {
          int percent = (int) Math.round(level * 100);
          String label = stack.label("lat" + percent);
          measureLevel(stack, options, http, label, percent, level * max, result);
        }
      } finally {
        pump.stop();
      }
      result.note("each level sends upserts uniformly over " + options.todos() + " todos for "
          + Format.number(options.seconds()) + " s; the first command of a todo starts its"
          + " workflow");
    } finally {
      stack.deleteKeys("app");
    }
    return result;
  }

  /** Measures the two upper bounds of the sustained rate, each part on its own. */
  private static void measureBounds(
      BenchStack stack, BenchOptions options, HttpWriter http, ScenarioResult result) {
    String httpLabel = stack.label("lathttp");
    int todos = options.todos();
    double warmup = options.quick() ? 0.5 : options.seconds();
    ClosedLoop.Outcome writes = ClosedLoop.run("latency HTTP maximum", options.concurrency(),
        warmup, options.seconds(), sequence -> {
          http.upsertAndWait(Workload.todoId(httpLabel, (int) (sequence % todos)));
          return true;
        });
    stack.deleteKeys("app");

    Dispatchers dispatchers = new Dispatchers(stack, options.quick() ? 60 : 300);
    int warmCommands = options.quick() ? 200 : 1_000;
    String warmLabel = stack.label("latwarm");
    dispatchers.preload(stack.propertiesFor("latwarm"),
        Workload.uniform(warmLabel, warmCommands, todos, 5), "latency warm-up");
    dispatchers.pump(stack.propertiesFor("latwarm"), warmLabel, warmCommands,
        "latency warm-up pump");
    stack.deleteKeys("latwarm");
    String drainLabel = stack.label("latdrain");
    dispatchers.preload(stack.propertiesFor("latdrain"),
        Workload.uniform(drainLabel, options.commands(), todos, 6), "latency dispatch maximum");
    Dispatchers.Drain drain = dispatchers.pump(stack.propertiesFor("latdrain"), drainLabel,
        options.commands(), "latency dispatch maximum");
    stack.deleteKeys("latdrain");

    result.add("HTTP writes, " + options.concurrency() + " threads, no pump", "writes/s",
        writes.perSecond(), "1/s");
    result.add("pump draining a backlog, uniform keys", "commands/s", drain.perSecond(), "1/s");
  }

  /**
   * Writes over HTTP as fast as {@code concurrency} threads can, with the pump running, and
   * returns the commands applied per second from the first write to the last command applied.
   */
  private static double measureSustained(
      BenchStack stack, BenchOptions options, HttpWriter http, ScenarioResult result) {
    String label = stack.label("latsustain");
    int todos = options.todos();
    AtomicLong written = new AtomicLong();
    long start = System.nanoTime();
    ClosedLoop.run("latency sustained maximum", options.concurrency(), 0, options.seconds(),
        sequence -> {
          http.upsertAndWait(Workload.todoId(label, (int) (sequence % todos)));
          written.incrementAndGet();
          return true;
        });
    Waits.until(() -> stack.applied().count(label), written.get(), 120);
    double seconds = (System.nanoTime() - start) / 1e9;
    double max = Format.rate(stack.applied().count(label), seconds);
    result.add("maximum rate: HTTP writes applied with the pump running", "commands/s", max,
        "1/s");
    return max;
  }

  private static void measureLevel(BenchStack stack, BenchOptions options, HttpWriter http,
      String label, int percent, double rate, ScenarioResult result) {
    Latencies latencies = stack.applied().recordLatencies(label);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    int todos = options.todos();
    long sent = 0;
    long start = System.nanoTime();
    long end = start + (long) (options.seconds() * 1e9);
    try (Progress progress = new Progress("latency at " + percent + "%", accepted::get, 0)) {
      long now;
      while ((now = System.nanoTime()) < end) {
        long due = (long) ((now - start) / 1e9 * rate);
        for (; sent < due; sent++) {
          http.upsert(Workload.todoId(label, (int) (sent % todos)))
              .subscribe(
                  status -> (status == 202 ? accepted : failed).incrementAndGet(),
                  error -> failed.incrementAndGet());
        }
        LockSupport.parkNanos(1_000_000);
      }
      double sendSeconds = (System.nanoTime() - start) / 1e9;
      Waits.until(() -> accepted.get() + failed.get(), sent, 30);
      Waits.until(() -> stack.applied().count(label), accepted.get(), 60);
      String subject = percent + "% of maximum";
      result.add(subject, "target rate", rate, "1/s");
      result.add(subject, "sent rate", Format.rate(sent, sendSeconds), "1/s");
      result.add(subject, "commands measured", latencies.size(), "commands");
      if (failed.get() > 0) {
        result.add(subject, "failed writes", failed.get(), "calls");
      }
      for (double percentile : List.of(50.0, 95.0, 99.0, 100.0)) {
        String name = percentile == 100.0 ? "max" : "p" + (int) percentile;
        result.addCharted(subject + ", " + name, "latency",
            latencies.percentileMillis(percentile), "ms");
      }
    }
    if (percent == 50) {
      result.ratioAtMost("p99 at 50% of maximum (ms)", latencies.percentileMillis(99), 100);
    }
  }
}
