package dev.todomesh.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

/**
 * Access rules of the HTTP API: the role each route needs.
 *
 * <p>With {@code todo-mesh.security.enabled=false} (the embedded default) every request is
 * allowed. Otherwise health and info probes and the OpenAPI description are public, {@code
 * /admin/**} needs the admin role, other actuator endpoints need admin or metrics, and every
 * other route, including ones added later, needs user or admin.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /**
   * Responds to requests that Spring Security's firewall rejects (encoded slashes, dot segments,
   * non-ASCII or control characters in the URL) with a problem instead of an empty 400.
   */
  @Bean
  ServerExchangeRejectedHandler rejectedRequestProblem() {
    return (exchange, error) -> {
      log.debug("Request rejected by the firewall: reason={}", error.getMessage());
      return SecurityProblems.write(
          exchange,
          org.springframework.http.HttpStatus.BAD_REQUEST,
          "Invalid request URL",
          "The request URL contains characters or segments this API does not accept, such as an"
              + " encoded slash, a dot segment, or a non-ASCII or control character");
    };
  }

  @Bean
  SecurityWebFilterChain apiSecurity(
      ServerHttpSecurity http,
      ApiSecurityProperties settings,
      ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable);
    if (settings.rateLimit().isEnabled()) {
      http.addFilterAfter(
          new RateLimitFilter(settings.rateLimit(), System::nanoTime),
          SecurityWebFiltersOrder.AUTHORIZATION);
      log.info(
          "Rate limit on: requestsPerSecond={} burst={}",
          settings.rateLimit().requestsPerSecond(),
          settings.rateLimit().capacity());
    }
    if (!settings.enabled()) {
      log.info("Authentication off: every request is allowed (todo-mesh.security.enabled=false)");
      return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll()).build();
    }

    ReactiveJwtDecoder decoder = jwtDecoder.getIfAvailable();
    ApiKeyAuthentication apiKeys = ApiKeyAuthentication.of(settings.apiKeys());
    if (decoder == null && apiKeys.size() == 0) {
      throw new IllegalStateException(
          "todo-mesh.security.enabled is true but no client can authenticate: set"
              + " todo-mesh.security.api-keys or spring.security.oauth2.resourceserver.jwt.*");
    }
    SecurityProblems problems = new SecurityProblems(decoder != null);

    if (apiKeys.size() > 0) {
      AuthenticationWebFilter keyFilter = new AuthenticationWebFilter(apiKeys);
      keyFilter.setServerAuthenticationConverter(apiKeys.converter());
      keyFilter.setAuthenticationFailureHandler(
          new ServerAuthenticationEntryPointFailureHandler(problems.entryPoint()));
      http.addFilterAt(keyFilter, SecurityWebFiltersOrder.AUTHENTICATION);
    }
    if (decoder != null) {
      http.oauth2ResourceServer(
          resourceServer ->
              resourceServer
                  .authenticationEntryPoint(problems.entryPoint())
                  .accessDeniedHandler(problems.accessDeniedHandler())
                  .jwt(
                      jwt ->
                          jwt.jwtDecoder(decoder)
                              .jwtAuthenticationConverter(new JwtRoles(settings.rolesClaim()))));
    }
    log.info(
        "Authentication on: apiKeys={} jwt={} rolesClaim={}",
        apiKeys.size(),
        decoder != null,
        settings.rolesClaim());

    return http.exceptionHandling(
            handling ->
                handling
                    .authenticationEntryPoint(problems.entryPoint())
                    .accessDeniedHandler(problems.accessDeniedHandler()))
        .authorizeExchange(
            exchanges ->
                exchanges
                    // A browser sends a CORS preflight without credentials; the CORS settings
                    // decide it, and the request that follows is authenticated as usual.
                    .pathMatchers(HttpMethod.OPTIONS)
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/actuator/info")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**")
                    .permitAll()
                    // The inspector's page and scripts contain no data. The page reads an API key
                    // from its key field and sends it with every request it makes.
                    .pathMatchers(
                        HttpMethod.GET,
                        "/inspect",
                        "/inspect/",
                        "/inspect/index.html",
                        "/inspect/inspect.js",
                        "/inspect/inspect.css")
                    .permitAll()
                    .pathMatchers("/actuator", "/actuator/**")
                    .hasAnyRole(Roles.ADMIN, Roles.METRICS)
                    .pathMatchers("/admin", "/admin/**")
                    .hasRole(Roles.ADMIN)
                    .anyExchange()
                    .hasAnyRole(Roles.USER, Roles.ADMIN))
        .build();
  }
}
