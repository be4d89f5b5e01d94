/** The OpenAPI description of the HTTP API, served at {@code /v3/api-docs}. */
package dev.todomesh.gateway.openapi;
