package dev.todomesh.gateway.api;

import java.util.regex.Pattern;

/** The rule for todo IDs, which become part of workflow IDs and Redis stream entries. */
public final class TodoIds {

  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._~:-]{1,128}");

  private TodoIds() {}

  /** Returns {@code id} when valid; otherwise throws {@link InvalidTodoIdException}. */
  static String requireValid(String id) {
    if (id == null || !PATTERN.matcher(id).matches()) {
      throw new InvalidTodoIdException(id);
    }
    return id;
  }
}
