package dev.todomesh.gateway.inspect;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code todo-mesh.inspect}, for the inspector page.
 *
 * @param temporalUiUrl base URL of a Temporal UI that shows this deployment's namespace, such as
 *     {@code http://localhost:8233}; the page links each todo to its workflow there. Empty shows
 *     no link, which suits the embedded mode because Temporal UI cannot connect to the test
 *     server
 */
@ConfigurationProperties("todo-mesh.inspect")
public record InspectProperties(@DefaultValue("") String temporalUiUrl) {

  /** Returns the URL without a trailing slash. */
  public String temporalUiBase() {
    return temporalUiUrl.replaceAll("/+$", "");
  }
}
