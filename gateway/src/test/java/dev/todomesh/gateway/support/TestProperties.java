package dev.todomesh.gateway.support;

import dev.todomesh.gateway.config.TodoMeshProperties;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link TodoMeshProperties} the way Spring does, defaults included, from a few settings. */
public final class TestProperties {

  private TestProperties() {}

  /** Returns the settings with these overrides, e.g. {@code "pump.batch-size", "10"}. */
  public static TodoMeshProperties with(String... keysAndValues) {
    Map<String, String> map = new HashMap<>();
    map.put("todo-mesh.temporal.task-queue", "todo-mesh-test");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put("todo-mesh." + keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Binder(new MapConfigurationPropertySource(map))
        .bindOrCreate("todo-mesh", TodoMeshProperties.class);
  }
}
