/** Real Redis and Temporal servers started in-process for the embedded mode and for tests. */
package dev.todomesh.embedded;
