/** Command statuses that the pump's outputs imply, recorded apart from the pump itself. */
package dev.todomesh.gateway.status;
