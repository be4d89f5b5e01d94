package dev.todomesh.bench;

import dev.todomesh.gateway.config.TodoMeshProperties;
import java.util.List;

/**
 * Growth of the cost per todo with the number of distinct todos: dispatch rate, JVM heap, Redis
 * memory per backlog entry, and history events per applied command, with one command per todo.
 */
final class CostScenario {

  private static final int HISTORY_SAMPLE = 16;

  private CostScenario() {}

  static ScenarioResult run(BenchStack stack, BenchOptions options) {
    ScenarioResult result = new ScenarioResult("cost");
    // Quick mode scales the sizes down from --todos, keeping the 1:5:25 steps short.
    int base = options.todos();
    List<Integer> sizes = options.quick()
        ? List.of(base, 5 * base, 25 * base)
        : List.of(1_000, 10_000, 100_000);
    Dispatchers dispatchers = new Dispatchers(stack, options.quick() ? 60 : 600);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int todos : sizes) {
      String name = "cost" + todos;
      String label = stack.label(name);
      String subject = String.format("%,d todos", todos);
      TodoMeshProperties settings = stack.propertiesFor(name);
      List<String> ids = Workload.distinct(label, todos);

      long memoryBefore = stack.redisUsedMemory();
      dispatchers.preload(settings, ids, "cost " + subject);
      long memoryAfter = stack.redisUsedMemory();
      Dispatchers.Drain drain = dispatchers.pump(settings, label, todos, "cost " + subject);
      result.addCharted(subject, "commands/s", drain.perSecond(), "1/s");
      result.add(subject, "Redis memory per backlog entry",
          (double) (memoryAfter - memoryBefore) / todos, "bytes");
      result.add(subject, "JVM heap used after GC", usedHeapAfterGc() / 1e6, "MB");
      result.add(subject, "history events per command",
          Histories.eventsPerCommand(stack.client(), ids, HISTORY_SAMPLE,
              stack.properties().workflow().continueAsNewAfter()), "events");
      if (!drain.complete()) {
        result.note(subject + ": stopped with " + drain.processed() + " of " + todos
            + " commands processed");
      }
      stack.deleteKeys(name);
      if (Double.isNaN(first)) {
        first = drain.perSecond();
      }
      last = drain.perSecond();
    }
    result.ratio("dispatch rate, largest / smallest todo count", Format.ratio(last, first), 0.8);
    result.note("the heap figure includes the in-process Temporal test server, which keeps every"
        + " workflow and its history in memory, next to the worker, pump and API");
    return result;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Waits.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
