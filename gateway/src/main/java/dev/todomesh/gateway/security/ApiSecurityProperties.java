package dev.todomesh.gateway.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code todo-mesh.security}. JWT validation is set with Spring Boot's own
 * {@code spring.security.oauth2.resourceserver.jwt.*} settings.
 *
 * @param enabled whether requests must authenticate; off in the embedded default
 * @param apiKeys static API keys, sent by clients in the {@code X-API-Key} header
 * @param rolesClaim name of the JWT claim holding the caller's roles, a list of role names
 * @param rateLimit optional request rate limit per client
 */
@ConfigurationProperties("todo-mesh.security")
public record ApiSecurityProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue List<ApiKey> apiKeys,
    @DefaultValue("roles") String rolesClaim,
    @DefaultValue RateLimit rateLimit) {

  /**
   * One API key. Give the secret either inline, usually from an environment variable, or as a
   * file such as a container secret. A key file's content, with surrounding whitespace removed,
   * is the key.
   *
   * @param name client name, used as the principal in logs and for rate limiting
   * @param key the secret key, at least 32 characters
   * @param keyFile file that contains the secret key
   * @param roles roles granted to the key: {@code user}, {@code admin}, {@code metrics}
   */
  public record ApiKey(String name, String key, Path keyFile, @DefaultValue("user") Set<String> roles) {

    /** Keeps the secret out of logs and failure messages. */
    @Override
    public String toString() {
      return "ApiKey[name=" + name + ", keyFile=" + keyFile + ", roles=" + roles + "]";
    }
  }

  /**
   * @param requestsPerSecond requests per second allowed to one client (the authenticated name,
   *     else the remote address); 0 turns the limit off
   * @param burst maximum requests a client may send at once after being idle (the bucket size);
   *     0 means {@code requests-per-second} rounded up
   */
  public record RateLimit(
      @DefaultValue("0") double requestsPerSecond, @DefaultValue("0") int burst) {

    public boolean isEnabled() {
      return requestsPerSecond > 0;
    }

    public int capacity() {
      return burst > 0 ? burst : (int) Math.max(1, Math.ceil(requestsPerSecond));
    }
  }
}
