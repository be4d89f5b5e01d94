/** Side effects of applied commands: the Redis read model, the event log and notifications. */
package dev.todomesh.activities;
