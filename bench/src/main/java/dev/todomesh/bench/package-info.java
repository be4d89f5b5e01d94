/** Benchmark harness that measures the todo-mesh path next to its baselines in one run. */
package dev.todomesh.bench;
