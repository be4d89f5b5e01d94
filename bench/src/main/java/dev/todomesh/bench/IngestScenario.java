package dev.todomesh.bench;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.redisson.api.stream.StreamAddArgs;

/**
 * HTTP writes accepted per second at fixed concurrency, from a client in this JVM and from wrk in
 * its own process, next to the intake script called in-process, raw {@code XADD} through
 * Redisson, and redis-benchmark's {@code XADD}. wrk and redis-benchmark are used when installed.
 *
 * <p>No pump runs, so nothing competes with the writes. The client threads run in the same
 * JVM as the server, and on the same cores as Redis.
 */
final class IngestScenario {

  private static final String BODY = "{\"title\": \"benchmark write\", \"completed\": false}";

  private IngestScenario() {}

  static ScenarioResult run(BenchStack stack, BenchOptions options)
      throws IOException, InterruptedException {
    ScenarioResult result = new ScenarioResult("ingest");
    int threads = options.concurrency();
    // The JIT needs several seconds of load before the server's rate settles.
    double warmup = options.quick() ? 0.5 : options.seconds();
    int todos = options.todos();
    String subjectSuffix = ", " + threads + " threads";

    ClosedLoop.Outcome httpOutcome;
    try (HttpWriter http = new HttpWriter(stack.httpBase(), threads)) {
      httpOutcome =
          ClosedLoop.run("ingest http", threads, warmup, options.seconds(), sequence -> {
            http.upsertAndWait("ingest-t" + sequence % todos);
            return true;
          });
    }
    record(result, "HTTP POST /todos/{id}" + subjectSuffix, httpOutcome);
    Wrk.Outcome wrk = Wrk.postUpserts(stack.httpBase(), threads, options.seconds(), todos);
    if (wrk == null) {
      result.note("wrk was not found on the PATH, so the row of HTTP from a separate process is"
          + " missing");
    } else {
      result.addCharted("HTTP POST from wrk (own process), " + threads + " connections",
          "writes/s", wrk.perSecond(), "1/s");
      if (wrk.errors() > 0) {
        result.add("HTTP POST from wrk (own process)", "non-2xx responses", wrk.errors(), "calls");
      }
    }
    stack.deleteKeys("app");

    TodoMeshProperties intakeSettings = stack.propertiesFor("intake");
    CommandIntake intake = stack.intakeFor(intakeSettings);
    ClosedLoop.Outcome intakeOutcome =
        ClosedLoop.run("ingest intake", threads, warmup, options.seconds(), sequence -> {
          intake.accept(fields("intake-t" + sequence % todos), null).block();
          return true;
        });
    record(result, "intake script, no HTTP" + subjectSuffix, intakeOutcome);
    stack.deleteKeys("intake");

    CommandStreams rawStreams = stack.streamsFor(stack.propertiesFor("raw"));
    ClosedLoop.Outcome rawOutcome =
        ClosedLoop.run("ingest raw XADD", threads, warmup, options.seconds(), sequence -> {
          String todoId = "raw-t" + sequence % todos;
          rawStreams
              .commandStream(rawStreams.partitionOf(todoId))
              .add(StreamAddArgs.entries(fields(todoId)));
          return true;
        });
    record(result, "raw XADD via Redisson" + subjectSuffix, rawOutcome);
    stack.deleteKeys("raw");

    double wrkRate = wrk == null ? Double.NaN : wrk.perSecond();
    double redisBenchmark = RedisBenchmark.xadd(stack, threads, options.quick() ? 20_000 : 200_000);
    if (Double.isNaN(redisBenchmark)) {
      result.note("redis-benchmark was not found on the PATH, so its row is missing");
    } else {
      result.addCharted("redis-benchmark XADD, " + threads + " connections", "writes/s",
          redisBenchmark, "1/s");
    }
    stack.deleteKeys("redis-benchmark");

    double httpRate = result.value("HTTP POST /todos/{id}" + subjectSuffix, "writes/s");
    double raw = result.value("raw XADD via Redisson" + subjectSuffix, "writes/s");
    double script = result.value("intake script, no HTTP" + subjectSuffix, "writes/s");
    result.ratio("HTTP / raw XADD", Format.ratio(httpRate, raw), 0.20);
    if (wrk != null) {
      result.ratio("HTTP from wrk / raw XADD", Format.ratio(wrkRate, raw), 0.20);
    }
    result.ratio("HTTP / intake script", Format.ratio(httpRate, script), Double.NaN);
    result.ratio("intake script / raw XADD", Format.ratio(script, raw), Double.NaN);
    if (!Double.isNaN(redisBenchmark)) {
      result.ratio("raw XADD / redis-benchmark", Format.ratio(raw, redisBenchmark), Double.NaN);
    }
    return result;
  }

  static Map<String, String> fields(String todoId) {
    return CommandEntry.upsert(
        UUID.randomUUID().toString(), todoId, "benchmark write", false, Instant.now());
  }

  private static void record(ScenarioResult result, String subject, ClosedLoop.Outcome outcome) {
    result.addCharted(subject, "writes/s", outcome.perSecond(), "1/s");
    if (outcome.failed() > 0) {
      result.add(subject, "failed calls", outcome.failed(), "calls");
      result.note(subject + ": first failure: " + outcome.firstError());
    }
  }
}
