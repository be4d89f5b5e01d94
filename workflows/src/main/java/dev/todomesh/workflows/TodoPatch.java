package dev.todomesh.workflows;

/**
 * Fields that a {@link CommandType#PATCH} changes; a null field is left as it is.
 *
 * @param title new title, or null to keep it
 * @param completed new completion flag, or null to keep it
 * @param order new order, or null to keep it
 * @param clearOrder true to remove the order; takes precedence over {@code order}
 * @param dueAt new due time, or null to keep it
 * @param clearDueAt true to remove the due time and its reminder; takes precedence over {@code
 *     dueAt}
 */
public record TodoPatch(
    String title,
    Boolean completed,
    Integer order,
    boolean clearOrder,
    java.time.Instant dueAt,
    boolean clearDueAt) {}
