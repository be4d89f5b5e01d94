/** The todo-mesh application: HTTP API, command pump, Temporal worker host and embedded mode. */
package dev.todomesh.gateway;
