package dev.todomesh.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Authenticates requests that carry a static API key in the {@code X-API-Key} header.
 *
 * <p>Only SHA-256 digests of the configured keys stay in memory, and a presented key is compared
 * with every digest in constant time, so response times do not reveal how much of a key matched.
 */
final class ApiKeyAuthentication implements ReactiveAuthenticationManager {

  static final String HEADER = "X-API-Key";

  /** Shortest accepted key: 32 characters leave no room for guessing. */
  static final int MIN_KEY_LENGTH = 32;

  private final List<Client> clients;

  private ApiKeyAuthentication(List<Client> clients) {
    this.clients = clients;
  }

  /**
   * Loads the keys, reading key files now.
   *
   * @throws IllegalArgumentException when a key lacks a name or a secret, has both an inline key
   *     and a key file, is shorter than {@link #MIN_KEY_LENGTH}, or repeats another key or name
   */
  static ApiKeyAuthentication of(List<ApiSecurityProperties.ApiKey> keys) {
    List<Client> clients = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      ApiSecurityProperties.ApiKey key = keys.get(i);
      String setting = "todo-mesh.security.api-keys[" + i + "]";
      if (key.name() == null || key.name().isBlank()) {
        throw new IllegalArgumentException(setting + ".name is missing: give every key a name");
      }
      if (!names.add(key.name())) {
        throw new IllegalArgumentException(
            setting + ".name '" + key.name() + "' is used by another key: names must be unique");
      }
      String secret = readSecret(key, setting);
      if (secret.length() < MIN_KEY_LENGTH) {
        throw new IllegalArgumentException(
            setting + " is too short: use at least " + MIN_KEY_LENGTH
                + " characters, for example from 'openssl rand -hex 32'");
      }
      byte[] digest = sha256(secret);
      for (Client other : clients) {
        if (MessageDigest.isEqual(other.digest(), digest)) {
          throw new IllegalArgumentException(
              setting + " has the same secret as key '" + other.name() + "': keys must differ");
        }
      }
      clients.add(new Client(key.name(), digest, Roles.authorities(key.roles(), setting + ".roles")));
    }
    return new ApiKeyAuthentication(List.copyOf(clients));
  }

  int size() {
    return clients.size();
  }

  /** Returns a converter that reads the header into an unauthenticated token, if present. */
  ServerAuthenticationConverter converter() {
    return exchange -> {
      String value = exchange.getRequest().getHeaders().getFirst(HEADER);
      return value == null ? Mono.empty() : Mono.just(new PresentedKey(value));
    };
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    byte[] digest = sha256(String.valueOf(authentication.getCredentials()));
    Client match = null;
    for (Client client : clients) {
      if (MessageDigest.isEqual(client.digest(), digest)) {
        match = client;
      }
    }
    if (match == null) {
      return Mono.error(new BadCredentialsException("The API key in " + HEADER + " is not valid"));
    }
    return Mono.just(new AuthenticatedKey(match.name(), match.authorities()));
  }

  private static String readSecret(ApiSecurityProperties.ApiKey key, String setting) {
    boolean inline = key.key() != null && !key.key().isBlank();
    if (inline == (key.keyFile() != null)) {
      throw new IllegalArgumentException(
          setting + " needs exactly one of key and key-file for key '" + key.name() + "'");
    }
    if (inline) {
      return key.key().strip();
    }
    try {
      return Files.readString(key.keyFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading " + setting + ".key-file '" + key.keyFile() + "' failed: " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private record Client(String name, byte[] digest, List<GrantedAuthority> authorities) {}

  /** A key as the client sent it, not yet checked. */
  private static final class PresentedKey extends AbstractAuthenticationToken {
    private final String key;

    PresentedKey(String key) {
      super(List.of());
      this.key = key;
    }

    @Override
    public Object getCredentials() {
      return key;
    }

    @Override
    public Object getPrincipal() {
      return "api-key";
    }
  }

  /** A checked key; the principal is the key's configured name, the secret is not kept. */
  private static final class AuthenticatedKey extends AbstractAuthenticationToken {
    private final String name;

    AuthenticatedKey(String name, List<GrantedAuthority> authorities) {
      super(authorities);
      this.name = name;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return name;
    }
  }
}
