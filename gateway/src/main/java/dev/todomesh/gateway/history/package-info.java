/**
 * Workflow histories: export in Temporal's JSON history format and replay against the current
 * workflow code.
 */
package dev.todomesh.gateway.history;
