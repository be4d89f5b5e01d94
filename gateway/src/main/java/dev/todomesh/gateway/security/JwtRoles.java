package dev.todomesh.gateway.security;

import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a validated JWT into an authentication whose roles come from one claim, a list of role
 * names such as {@code ["user"]} or a space-separated string. Names that are not roles of this
 * API are ignored, so a token issued for several services still works.
 */
final class JwtRoles implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

  private final String claim;

  JwtRoles(String claim) {
    this.claim = claim;
  }

  @Override
  public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
    Object value = jwt.getClaim(claim);
    List<String> names;
    if (value instanceof Collection<?> list) {
      names = list.stream().map(String::valueOf).toList();
    } else if (value instanceof String text) {
      names = List.of(text.split("\\s+"));
    } else {
      names = List.of();
    }
    return Mono.just(new JwtAuthenticationToken(jwt, Roles.knownAuthorities(names)));
  }
}
