package dev.todomesh.bench;

import java.util.function.LongSupplier;

/** Bounded waits for counters that other threads raise. */
final class Waits {

  private Waits() {}

  /**
   * Waits until {@code count} reaches {@code target} or {@code maxSeconds} pass; returns the
   * seconds waited.
   */
  static double until(LongSupplier count, long target, double maxSeconds) {
    long start = System.nanoTime();
    long deadline = start + (long) (maxSeconds * 1e9);
    while (count.getAsLong() < target && System.nanoTime() < deadline) {
      sleep(5);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Seconds until {@code count} first rose above zero, and from then until it reached its
   * target or the time ran out.
   */
  record Timing(double firstSeconds, double restSeconds) {}

  /** Like {@link #until}, but also notes when the first unit was counted. */
  static Timing timed(LongSupplier count, long target, double maxSeconds) {
    long start = System.nanoTime();
    long deadline = start + (long) (maxSeconds * 1e9);
    long first = -1;
    while (System.nanoTime() < deadline) {
      long value = count.getAsLong();
      if (first < 0 && value > 0) {
        first = System.nanoTime();
      }
      if (value >= target) {
        break;
      }
      sleep(5);
    }
    long end = System.nanoTime();
    if (first < 0) {
      return new Timing((end - start) / 1e9, 0);
    }
    return new Timing((first - start) / 1e9, (end - first) / 1e9);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
