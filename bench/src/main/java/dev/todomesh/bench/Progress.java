package dev.todomesh.bench;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints one progress line a second to standard error while a measurement runs. */
final class Progress implements AutoCloseable {

  private final ScheduledExecutorService timer;

  /**
   * @param total number the count goes up to, or 0 when the measurement is timed instead
   */
  Progress(String name, LongSupplier count, long total) {
    long start = System.nanoTime();
    long[] previous = {0};
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-progress");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(
        () -> {
          double seconds = (System.nanoTime() - start) / 1e9;
          long done = count.getAsLong();
          String of = total > 0 ? "/" + total : "";
          System.err.printf(
              Locale.ROOT, "  %-36s %6.1f s  %d%s  (%d in the last second)%n", name, seconds,
              done, of, done - previous[0]);
          previous[0] = done;
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
