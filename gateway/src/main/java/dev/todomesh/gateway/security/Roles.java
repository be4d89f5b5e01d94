package dev.todomesh.gateway.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The roles of the HTTP API and their Spring Security authorities. */
final class Roles {

  /** Reads and writes todos. */
  static final String USER = "USER";

  /** Uses the {@code /admin} endpoints, and everything a user may. */
  static final String ADMIN = "ADMIN";

  /** Reads the actuator endpoints other than health and info, for example Prometheus. */
  static final String METRICS = "METRICS";

  private static final Set<String> KNOWN = Set.of(USER, ADMIN, METRICS);

  private Roles() {}

  /**
   * Returns the authorities for role names such as {@code admin}; names are case-insensitive.
   *
   * @throws IllegalArgumentException for a name that is not a role of this API
   */
  static List<GrantedAuthority> authorities(Collection<String> names, String source) {
    return names.stream()
        .map(name -> name.trim().toUpperCase(Locale.ROOT))
        .map(
            role -> {
              if (!KNOWN.contains(role)) {
                throw new IllegalArgumentException(
                    "Unknown role '" + role.toLowerCase(Locale.ROOT) + "' in " + source
                        + ": use user, admin or metrics");
              }
              return (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role);
            })
        .toList();
  }

  /** Returns the authorities for the names that are roles of this API, ignoring the others. */
  static List<GrantedAuthority> knownAuthorities(Collection<String> names) {
    return names.stream()
        .map(name -> name.trim().toUpperCase(Locale.ROOT))
        .filter(KNOWN::contains)
        .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
        .toList();
  }
}
