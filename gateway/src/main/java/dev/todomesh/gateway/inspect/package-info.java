/** The built-in inspector page and the listing of todo workflows behind it. */
package dev.todomesh.gateway.inspect;
