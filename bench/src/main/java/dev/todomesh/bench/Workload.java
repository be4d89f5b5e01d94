package dev.todomesh.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sequences of todo IDs that decide which todo each command of a case goes to. IDs start with the
 * case's label, which {@link AppliedCommands} counts by. A fixed seed makes runs comparable.
 */
final class Workload {

  /** Share of commands that go to the hot todos with skewed keys. */
  static final double HOT_SHARE = 0.8;

  /** Number of hot todos with skewed keys. */
  static final int HOT_TODOS = 4;

  private Workload() {}

  /** Returns {@code commands} IDs drawn uniformly from {@code todos} todos. */
  static List<String> uniform(String label, int commands, int todos, long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>(commands);
    for (int i = 0; i < commands; i++) {
      ids.add(todoId(label, random.nextInt(todos)));
    }
    return ids;
  }

  /**
   * Returns {@code commands} IDs of which {@link #HOT_SHARE} go to {@link #HOT_TODOS} hot todos
   * and the rest uniformly to {@code todos} others.
   */
  static List<String> skewed(String label, int commands, int todos, long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>(commands);
    for (int i = 0; i < commands; i++) {
      if (random.nextDouble() < HOT_SHARE) {
        ids.add(label + "-hot" + random.nextInt(HOT_TODOS));
      } else {
        ids.add(todoId(label, random.nextInt(todos)));
      }
    }
    return ids;
  }

  /** Returns one ID for each of {@code todos} distinct todos. */
  static List<String> distinct(String label, int todos) {
    List<String> ids = new ArrayList<>(todos);
    for (int i = 0; i < todos; i++) {
      ids.add(todoId(label, i));
    }
    return ids;
  }

  static String todoId(String label, int index) {
    return label + "-t" + index;
  }
}
