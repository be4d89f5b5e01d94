package dev.todomesh.bench;

import java.util.Locale;

/** Number formatting shared by the table, CSV and chart. */
final class Format {

  private Format() {}

  /** Formats with at most three significant decimals, or as a whole number from 100 up. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (Math.abs(value) >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** Returns {@code count / seconds}, or NaN when no time passed. */
  static double rate(long count, double seconds) {
    return seconds <= 0 ? Double.NaN : count / seconds;
  }

  static double ratio(double numerator, double denominator) {
    return denominator == 0 || Double.isNaN(denominator) ? Double.NaN : numerator / denominator;
  }
}
