package dev.todomesh.gateway.config;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the role named by {@link ConditionalOnRole} is among {@code todo-mesh.roles}. */
final class OnRoleCondition implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    var attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
    if (attributes == null) {
      return false;
    }
    TodoMeshProperties.Role role = (TodoMeshProperties.Role) attributes.get("value");
    Set<TodoMeshProperties.Role> roles =
        Binder.get(context.getEnvironment())
            .bind("todo-mesh.roles", Bindable.setOf(TodoMeshProperties.Role.class))
            .orElse(EnumSet.allOf(TodoMeshProperties.Role.class));
    return roles.contains(role);
  }
}
