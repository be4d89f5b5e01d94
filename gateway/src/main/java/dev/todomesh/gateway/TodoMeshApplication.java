package dev.todomesh.gateway;

import dev.todomesh.gateway.history.ReplayCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point: runs the roles given by {@code todo-mesh.roles}, embedded servers included, or
 * the {@code replay} command when it is the first argument.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TodoMeshApplication {

  public static void main(String[] args) {
    if (ReplayCommand.isSelectedBy(args)) {
      // Replay runs without the application: no web server, no embedded Redis or Temporal.
      ReplayCommand.quietLogging();
      int exitCode =
          new ReplayCommand(System.out, System.err)
              .run(Arrays.asList(args).subList(1, args.length));
      System.exit(exitCode);
    }
    SpringApplication.run(TodoMeshApplication.class, args);
  }
}
