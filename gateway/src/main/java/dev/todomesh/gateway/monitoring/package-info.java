/** Health indicators for liveness and readiness probes, and metrics about the command streams. */
package dev.todomesh.gateway.monitoring;
