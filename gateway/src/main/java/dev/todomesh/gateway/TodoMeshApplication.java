package dev.todomesh.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: runs the roles given by {@code todo-mesh.roles}, embedded servers included. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TodoMeshApplication {

  public static void main(String[] args) {
    SpringApplication.run(TodoMeshApplication.class, args);
  }
}
