package dev.todomesh.gateway.api;

/** Body of a {@code 202 Accepted} answer: the command is queued and will be applied soon. */
public record CommandAccepted(String commandId, String todoId) {}
