package dev.todomesh.bench;

import java.util.ArrayList;
import java.util.List;

/** Figures of one scenario run: measured rows, ratios against goals, and the machine load. */
final class ScenarioResult {

  /**
   * One measured figure.
   *
   * @param subject what was measured, e.g. {@code pump, uniform keys}
   * @param metric name of the figure, e.g. {@code commands/s}
   * @param charted whether the figure goes into the scenario's chart
   */
  record Row(String subject, String metric, double value, String unit, boolean charted) {}

  /**
   * A ratio of two figures of this run, against a goal.
   *
   * @param goal the lowest (or, with {@code atMost}, highest) value that meets the goal; NaN
   *     when there is no goal
   */
  record Ratio(String name, double value, double goal, boolean atMost) {

    boolean hasGoal() {
      return !Double.isNaN(goal);
    }

    boolean met() {
      return hasGoal() && !Double.isNaN(value) && (atMost ? value <= goal : value >= goal);
    }

    String goalText() {
      if (!hasGoal()) {
        return "";
      }
      return (atMost ? "<= " : ">= ") + Format.number(goal);
    }
  }

  private final String scenario;
  private final List<Row> rows = new ArrayList<>();
  private final List<Ratio> ratios = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String loadBefore = "";
  private String loadAfter = "";
  private String chartUnit = "";

  ScenarioResult(String scenario) {
    this.scenario = scenario;
  }

  void add(String subject, String metric, double value, String unit) {
    rows.add(new Row(subject, metric, value, unit, false));
  }

  /** Adds a figure that also appears in the chart; all charted figures share {@code unit}. */
  void addCharted(String subject, String metric, double value, String unit) {
    rows.add(new Row(subject, metric, value, unit, true));
    chartUnit = metric + " (" + unit + ")";
  }

  void ratio(String name, double value, double goal) {
    ratios.add(new Ratio(name, value, goal, false));
  }

  void ratioAtMost(String name, double value, double goal) {
    ratios.add(new Ratio(name, value, goal, true));
  }

  void note(String note) {
    notes.add(note);
  }

  void loads(String before, String after) {
    this.loadBefore = before;
    this.loadAfter = after;
  }

  String scenario() {
    return scenario;
  }

  List<Row> rows() {
    return rows;
  }

  List<Ratio> ratios() {
    return ratios;
  }

  List<String> notes() {
    return notes;
  }

  String loadBefore() {
    return loadBefore;
  }

  String loadAfter() {
    return loadAfter;
  }

  String chartUnit() {
    return chartUnit;
  }

  /** Returns the value of the first row with this subject and metric, or NaN. */
  double value(String subject, String metric) {
    for (Row row : rows) {
      if (row.subject().equals(subject) && row.metric().equals(metric)) {
        return row.value();
      }
    }
    return Double.NaN;
  }
}
