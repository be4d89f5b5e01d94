package dev.todomesh.bench;

import dev.todomesh.gateway.config.TodoMeshProperties;
import java.util.List;

/**
 * Commands applied per second when a backlog is drained by the todo-mesh pump, next to direct
 * {@code signalWithStart} calls from as many threads as the pump's dispatch pool and a naive
 * pump, with uniform keys and with skewed keys (a few hot todos).
 */
final class DispatchScenario {

  private static final int HISTORY_SAMPLE = 16;

  private DispatchScenario() {}

  static ScenarioResult run(BenchStack stack, BenchOptions options) {
    ScenarioResult result = new ScenarioResult("dispatch");
    Dispatchers dispatchers = new Dispatchers(stack, options.quick() ? 60 : 300);
    int threads = stack.properties().pump().dispatchConcurrency();
    result.note("commands per case: " + options.commands() + "; uniform keys over "
        + options.todos() + " todos; skewed keys send " + (int) (Workload.HOT_SHARE * 100)
        + "% of commands to " + Workload.HOT_TODOS + " hot todos and the rest uniformly over "
        + options.todos() + "; direct signals from " + threads + " threads");

    warmUp(stack, dispatchers, options, threads);
    for (String keys : List.of("uniform", "skewed")) {
      String suffix = keys.equals("uniform") ? "u" : "s";
      List<String> ids = ids(stack.label("dpump" + suffix), keys, options);
      String pumpLabel = stack.label("dpump" + suffix);
      TodoMeshProperties pumpSettings = stack.propertiesFor("dpump" + suffix);
      dispatchers.preload(pumpSettings, ids, "dispatch pump " + keys);
      Dispatchers.Drain pump =
          dispatchers.pump(pumpSettings, pumpLabel, ids.size(), "dispatch pump " + keys);
      record(result, "todo-mesh pump, " + keys + " keys", pump, stack, ids);
      stack.deleteKeys("dpump" + suffix);

      String directLabel = stack.label("ddirect" + suffix);
      List<String> directIds = ids(directLabel, keys, options);
      Dispatchers.Drain direct =
          dispatchers.direct(directIds, directLabel, threads, "dispatch direct " + keys);
      record(result, "direct signalWithStart, " + keys + " keys", direct, stack, directIds);

      String naiveLabel = stack.label("dnaive" + suffix);
      List<String> naiveIds = ids(naiveLabel, keys, options);
      // The naive pump as it is usually written: one stream, one loop.
      TodoMeshProperties naiveSettings = stack.propertiesFor("dnaive" + suffix, 1);
      dispatchers.preload(naiveSettings, naiveIds, "dispatch naive " + keys);
      Dispatchers.Drain naive = dispatchers.naive(naiveSettings, naiveLabel, naiveIds.size(),
          Math.max(3, options.seconds()), "dispatch naive " + keys);
      record(result, "naive pump, " + keys + " keys", naive, null, naiveIds);
      stack.deleteKeys("dnaive" + suffix);

      result.ratio("pump / direct, " + keys + " keys",
          Format.ratio(pump.perSecond(), direct.perSecond()), keys.equals("uniform") ? 1 : 3);
      result.ratio("pump / naive pump, " + keys + " keys",
          Format.ratio(pump.perSecond(), naive.perSecond()), 8);
    }
    return result;
  }

  /** Runs each path once, unmeasured, so the JIT has compiled them before the first case. */
  private static void warmUp(
      BenchStack stack, Dispatchers dispatchers, BenchOptions options, int threads) {
    int commands = options.quick() ? 200 : 1_000;
    String pumpLabel = stack.label("dwarmpump");
    List<String> pumpIds = Workload.uniform(pumpLabel, commands, options.todos(), 3);
    TodoMeshProperties settings = stack.propertiesFor("dwarmpump");
    dispatchers.preload(settings, pumpIds, "dispatch warm-up");
    dispatchers.pump(settings, pumpLabel, commands, "dispatch warm-up pump");
    stack.deleteKeys("dwarmpump");
    String directLabel = stack.label("dwarmdirect");
    dispatchers.direct(Workload.uniform(directLabel, commands, options.todos(), 4), directLabel,
        threads, "dispatch warm-up direct");
  }

  private static List<String> ids(String label, String keys, BenchOptions options) {
    return keys.equals("uniform")
        ? Workload.uniform(label, options.commands(), options.todos(), 1)
        : Workload.skewed(label, options.commands(), options.todos(), 2);
  }

  private static void record(ScenarioResult result, String subject, Dispatchers.Drain drain,
      BenchStack historyFrom, List<String> ids) {
    result.addCharted(subject, "commands/s", drain.perSecond(), "1/s");
    result.add(subject, "commands processed", drain.processed(), "commands");
    result.add(subject, "seconds to the first command", drain.startupSeconds(), "s");
    result.add(subject, "seconds from the first command to the last", drain.seconds(), "s");
    if (!drain.complete()) {
      result.note(subject + ": stopped after " + Format.number(drain.seconds()) + " s with "
          + drain.processed() + " of " + ids.size() + " commands processed");
    }
    if (historyFrom != null) {
      result.add(subject, "history events per command",
          Histories.eventsPerCommand(historyFrom.client(), ids, HISTORY_SAMPLE,
              historyFrom.properties().workflow().continueAsNewAfter()), "events");
    }
  }
}
