package dev.todomesh.activities.readmodel;

import dev.todomesh.workflows.TodoState;
import java.util.List;

/**
 * One page of a todo list.
 *
 * @param nextCursor cursor of the following page, or null when this page is the last one. A
 *     full page always has a cursor, so the page after it may be empty
 */
public record TodoPage(List<TodoState> todos, String nextCursor) {}
