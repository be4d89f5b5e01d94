package dev.todomesh.bench;

import java.util.Arrays;

/** Latency samples in microseconds, kept whole so percentiles are exact. */
final class Latencies {

  private long[] samples = new long[1024];
  private int size;

  synchronized void add(long micros) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = micros;
  }

  synchronized int size() {
    return size;
  }

  /** Returns the {@code percentile} (0 to 100) in milliseconds, nearest rank, or NaN when empty. */
  synchronized double percentileMillis(double percentile) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1000.0;
  }
}
