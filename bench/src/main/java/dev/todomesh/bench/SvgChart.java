package dev.todomesh.bench;

import java.util.List;
import java.util.Locale;

/** Draws a scenario's charted figures as a horizontal bar chart in plain SVG. */
final class SvgChart {

  private static final int WIDTH = 760;
  private static final int LABEL_WIDTH = 300;
  private static final int BAR_HEIGHT = 22;
  private static final int GAP = 8;
  private static final int TOP = 48;
  private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"};

  private SvgChart() {}

  static String render(ScenarioResult result) {
    List<ScenarioResult.Row> bars =
        result.rows().stream().filter(ScenarioResult.Row::charted).toList();
    int height = TOP + bars.size() * (BAR_HEIGHT + GAP) + 40;
    double max = bars.stream().mapToDouble(ScenarioResult.Row::value)
        .filter(value -> !Double.isNaN(value)).max().orElse(1);
    int plotWidth = WIDTH - LABEL_WIDTH - 90;

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT,
        "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        escape(result.scenario() + ": " + result.chartUnit())));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"10\" y=\"36\" fill=\"#555\">%s</text>%n",
        escape("load average before " + result.loadBefore() + ", after " + result.loadAfter())));

    String previousSubject = null;
    int color = -1;
    for (int i = 0; i < bars.size(); i++) {
      ScenarioResult.Row bar = bars.get(i);
      String group = bar.subject().split(",")[0];
      if (!group.equals(previousSubject)) {
        color = (color + 1) % COLORS.length;
        previousSubject = group;
      }
      int y = TOP + i * (BAR_HEIGHT + GAP);
      double value = Double.isNaN(bar.value()) ? 0 : bar.value();
      int length = max <= 0 ? 0 : (int) Math.round(value / max * plotWidth);
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          LABEL_WIDTH - 8, y + BAR_HEIGHT - 6, escape(label(bar))));
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
          LABEL_WIDTH, y, Math.max(length, 1), BAR_HEIGHT, COLORS[color]));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\">%s</text>%n",
          LABEL_WIDTH + Math.max(length, 1) + 6, y + BAR_HEIGHT - 6,
          escape(Format.number(bar.value()))));
    }
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
        LABEL_WIDTH, TOP - 4, LABEL_WIDTH, height - 36));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String label(ScenarioResult.Row bar) {
    String text = bar.subject();
    return text.length() > 46 ? text.substring(0, 45) + "…" : text;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
