package dev.todomesh.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The inspector page, served by the application with embedded Redis and Temporal and rendered
 * in Debian's headless chromium.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.pump.block-timeout=200ms",
      "todo-mesh.inspect.temporal-ui-url=http://temporal-ui.invalid:8233/"
    })
// Closes this class's servers, pump and worker afterwards: a cached context keeps them polling
// and loads the machine under the tests that follow.
@DirtiesContext
class InspectorPageTest {

  private static final String SKIP_MESSAGE =
      "chromium is not installed at /usr/bin/chromium; install it with"
          + " 'apt-get install -y chromium' to run the inspector page in a browser";

  /** Background colour of a signal in the timeline (inspect.css, {@code .event.signal}). */
  private static final int SIGNAL_BACKGROUND = 0xe2f4e8;

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @TempDir Path workDir;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.client(port);
  }

  @Test
  void pageAndListingAreServed() {
    upsert("listed", "buy milk", false);
    awaitVersion("listed", 1);

    http.get()
        .uri("/inspect")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectBody(String.class)
        .value(html -> assertThat(html).contains("todo-mesh inspector"));
    http.get().uri("/inspect/inspect.js").exchange().expectStatus().isOk();
    http.get()
        .uri("/inspect/config")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.temporalUiUrl")
        .isEqualTo("http://temporal-ui.invalid:8233");
    http.get()
        .uri("/admin/todos")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.todoId == 'listed')].workflowId")
        .isEqualTo("todo:listed")
        .jsonPath("$[?(@.todoId == 'listed')].title")
        .isEqualTo("buy milk")
        .jsonPath("$[?(@.todoId == 'listed')].status")
        .isEqualTo("open");
  }

  @Test
  void timelineRendersInBrowser() throws Exception {
    assumeTrue(HeadlessChromium.isInstalled(), SKIP_MESSAGE);
    upsert("shown", "buy milk", false);
    awaitVersion("shown", 1);
    upsert("shown", "buy oat milk", true);
    awaitVersion("shown", 2);
    String url = base() + "/inspect?todo=shown";

    String dom = HeadlessChromium.dumpDom(url, workDir);
    Path screenshot = HeadlessChromium.screenshot(url, workDir, 1400, 1200);

    assertThat(dom).contains("data-ready=\"timeline\"");
    assertThat(count(dom, "data-event-type=\"WORKFLOW_EXECUTION_SIGNALED\"")).isEqualTo(2);
    assertThat(dom).contains("\"buy oat milk\" · completed");
    assertThat(dom).contains("TodoStatus=completed");
    assertThat(dom).contains("http://temporal-ui.invalid:8233/namespaces/default/workflows/todo%3Ashown");
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(pixelsOfColour(image, SIGNAL_BACKGROUND))
        .as("pixels of the signal boxes in %s", screenshot)
        .isGreaterThan(2_000);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private void upsert(String todoId, String title, boolean completed) {
    http.post()
        .uri("/todos/{id}", todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"" + title + "\", \"completed\": " + completed + "}")
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private void awaitVersion(String todoId, int version) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/{id}", todoId)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.version")
                    .isEqualTo(version));
  }

  private static int count(String text, String fragment) {
    Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
    int found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }

  private static int pixelsOfColour(BufferedImage image, int rgb) {
    int found = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          found++;
        }
      }
    }
    return found;
  }
}
