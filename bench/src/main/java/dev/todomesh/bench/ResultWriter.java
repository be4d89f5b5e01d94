package dev.todomesh.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints a scenario's figures as a table and writes them as JSON, CSV and an SVG chart. */
final class ResultWriter {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Path outputDir;
  private final Map<String, Object> run;

  /**
   * @param run facts shared by every scenario of the run: command line, machine, options
   */
  ResultWriter(Path outputDir, Map<String, Object> run) {
    this.outputDir = outputDir;
    this.run = run;
  }

  void printTable(ScenarioResult result, PrintStream out) {
    out.println();
    out.println("== " + result.scenario() + " ==  load average before: " + result.loadBefore()
        + "  after: " + result.loadAfter());
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"subject", "metric", "value", "unit"});
    for (ScenarioResult.Row row : result.rows()) {
      lines.add(new String[] {row.subject(), row.metric(), Format.number(row.value()), row.unit()});
    }
    printColumns(lines, 2, out);
    if (!result.ratios().isEmpty()) {
      out.println();
      List<String[]> ratioLines = new ArrayList<>();
      ratioLines.add(new String[] {"ratio", "value", "goal", "met"});
      for (ScenarioResult.Ratio ratio : result.ratios()) {
        ratioLines.add(
            new String[] {
              ratio.name(),
              Format.number(ratio.value()),
              ratio.goalText(),
              goalVerdict(ratio)
            });
      }
      printColumns(ratioLines, 1, out);
    }
    for (String note : result.notes()) {
      out.println("note: " + note);
    }
  }

  /** Prints the lines as aligned columns, the numbers of {@code numberColumn} to the right. */
  private static void printColumns(List<String[]> lines, int numberColumn, PrintStream out) {
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(pad(line[i], widths[i], i == numberColumn));
        text.append("  ");
      }
      out.println(text.toString().stripTrailing());
    }
  }

  private static String pad(String text, int width, boolean right) {
    String padding = " ".repeat(width - text.length());
    return right ? padding + text : text + padding;
  }

  /** Writes {@code <scenario>.json}, {@code .csv} and {@code .svg}; returns the files written. */
  List<Path> write(ScenarioResult result) throws IOException {
    Files.createDirectories(outputDir);
    Path json = outputDir.resolve(result.scenario() + ".json");
    Path csv = outputDir.resolve(result.scenario() + ".csv");
    Path svg = outputDir.resolve(result.scenario() + ".svg");
    Files.writeString(json, JSON.writeValueAsString(toJson(result)), StandardCharsets.UTF_8);
    Files.writeString(csv, toCsv(result), StandardCharsets.UTF_8);
    Files.writeString(svg, SvgChart.render(result), StandardCharsets.UTF_8);
    return List.of(json, csv, svg);
  }

  private Map<String, Object> toJson(ScenarioResult result) {
    Map<String, Object> root = new LinkedHashMap<>(run);
    root.put("scenario", result.scenario());
    root.put("loadAverageBefore", result.loadBefore());
    root.put("loadAverageAfter", result.loadAfter());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ScenarioResult.Row row : result.rows()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("subject", row.subject());
      entry.put("metric", row.metric());
      entry.put("value", Double.isNaN(row.value()) ? null : row.value());
      entry.put("unit", row.unit());
      rows.add(entry);
    }
    root.put("figures", rows);
    List<Map<String, Object>> ratios = new ArrayList<>();
    for (ScenarioResult.Ratio ratio : result.ratios()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", ratio.name());
      entry.put("value", Double.isNaN(ratio.value()) ? null : ratio.value());
      entry.put("goal", ratio.goalText());
      entry.put("met", ratio.hasGoal() ? ratio.met() : null);
      ratios.add(entry);
    }
    root.put("ratios", ratios);
    root.put("notes", result.notes());
    return root;
  }

  private static String toCsv(ScenarioResult result) {
    StringBuilder csv = new StringBuilder("scenario,kind,subject,metric,value,unit,goal,met\n");
    for (ScenarioResult.Row row : result.rows()) {
      csv.append(String.join(",", quote(result.scenario()), "figure", quote(row.subject()),
              quote(row.metric()), raw(row.value()), quote(row.unit()), "", ""))
          .append('\n');
    }
    for (ScenarioResult.Ratio ratio : result.ratios()) {
      csv.append(String.join(",", quote(result.scenario()), "ratio", quote(ratio.name()), "",
              raw(ratio.value()), "", quote(ratio.goalText()),
              ratio.hasGoal() ? Boolean.toString(ratio.met()) : ""))
          .append('\n');
    }
    return csv.toString();
  }

  private static String raw(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private static String quote(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  /** Returns "yes" or "NO" for a ratio with a goal, and an empty cell for one without. */
  private static String goalVerdict(ScenarioResult.Ratio ratio) {
    if (!ratio.hasGoal()) {
      return "";
    }
    return ratio.met() ? "yes" : "NO";
  }
}
