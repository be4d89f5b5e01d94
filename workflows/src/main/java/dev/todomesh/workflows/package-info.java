/** Todo entity workflows, their commands and their state: the code that Temporal replays. */
package dev.todomesh.workflows;
