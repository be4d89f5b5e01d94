/**
 * Authentication and authorization of the HTTP API: JWT bearer tokens, static API keys, roles
 * per route, a per-client rate limit, and RFC 9457 problem details for every rejection.
 */
package dev.todomesh.gateway.security;
