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

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
