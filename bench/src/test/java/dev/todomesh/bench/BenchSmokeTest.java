package dev.todomesh.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario in quick mode against the embedded stack. A smoke test only: the figures
 * of a run this short on a shared machine mean little, so nothing here checks a rate or a
 * latency.
 */
class BenchSmokeTest {

  @TempDir Path outputDir;

  @Test
  void quickRunWritesEveryScenario() throws Exception {
    BenchOptions options = BenchOptions.parse(new String[] {
      "all", "--quick", "--seconds=1", "--commands=200", "--todos=40", "--out=" + outputDir
    });
    ByteArrayOutputStream table = new ByteArrayOutputStream();

    List<ScenarioResult> results =
        BenchMain.run(options, "all --quick", new PrintStream(table, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(ScenarioResult::scenario).containsExactlyElementsOf(
        BenchOptions.SCENARIOS);
    for (ScenarioResult result : results) {
      assertThat(result.rows()).as("figures of %s", result.scenario()).isNotEmpty();
      assertThat(result.loadBefore()).as("load of %s", result.scenario()).isNotBlank();
      for (String extension : List.of("json", "csv", "svg")) {
        Path file = outputDir.resolve(result.scenario() + "." + extension);
        assertThat(file).as("%s output", extension).exists();
        assertThat(Files.size(file)).as("size of %s", file).isPositive();
      }
    }
    assertThat(table.toString(StandardCharsets.UTF_8)).contains("== dispatch ==");
  }

  @Test
  void dispatchProcessesEveryCommandOfEachCase() throws Exception {
    BenchOptions options = BenchOptions.parse(new String[] {
      "dispatch", "--quick", "--seconds=1", "--commands=100", "--todos=20", "--out=" + outputDir
    });

    ScenarioResult dispatch =
        BenchMain.run(options, "dispatch --quick", new PrintStream(new ByteArrayOutputStream()))
            .get(0);

    assertThat(dispatch.value("todo-mesh pump, uniform keys", "commands processed"))
        .isEqualTo(100);
    assertThat(dispatch.value("direct signalWithStart, skewed keys", "commands processed"))
        .isEqualTo(100);
  }
}
