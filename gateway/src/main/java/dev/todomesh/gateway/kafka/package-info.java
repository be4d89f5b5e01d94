/** Kafka wire protocol listener: produce to {@code todo.commands}, consume {@code todo.events}. */
package dev.todomesh.gateway.kafka;
