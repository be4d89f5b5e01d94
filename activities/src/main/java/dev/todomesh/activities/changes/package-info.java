/** Activities that report a whole step of a todo workflow at once. */
package dev.todomesh.activities.changes;
