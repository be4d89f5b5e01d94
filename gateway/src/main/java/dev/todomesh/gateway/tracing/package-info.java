/** W3C trace context of commands, from the HTTP request or Kafka record into Temporal. */
package dev.todomesh.gateway.tracing;
