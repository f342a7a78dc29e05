package io.tickwire.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.gateway.observability.FeedAvailability;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.security.ConnectionLimits;
import io.tickwire.gateway.security.FeedGate;
import io.tickwire.gateway.security.HandshakeRate;
import io.tickwire.gateway.security.JsonRefusals;
import io.tickwire.gateway.security.OriginCheck;
import io.tickwire.gateway.security.StandardClaims;
import io.tickwire.gateway.security.TokenClaims;
import io.tickwire.gateway.security.TokenDecoders;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.web.embedded.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AnonymousAuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Who may connect (PROTOCOL.md §4a). Off by default: everyone, every symbol, said once at startup.
 * With {@code tickwire.auth.enabled=true}: {@code /ws}, {@code /sse} and {@code /api/*} need a valid
 * JWT ({@code Authorization: Bearer} or {@code access_token} in the query), refused with the
 * contract's 401 before any upgrade or stream; {@code /actuator/health} (its status only) and the
 * dashboard's page stay open; {@code /actuator/prometheus} and health's details take HTTP Basic as
 * user {@code prometheus} with {@code tickwire.auth.metrics-password}, and are closed without one,
 * except on a management port of its own ({@code management.server.port}), which needs no
 * credential. Stateless: no session, no cookie, nothing kept between requests. Whatever the
 * authentication, a node whose feed is unavailable refuses new streams first ({@link FeedGate}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The JWT decoder of a gateway with authentication on; see {@link TokenDecoders}. */
    @Bean
    @ConditionalOnProperty(name = "tickwire.auth.enabled", havingValue = "true")
    NimbusReactiveJwtDecoder tickwireJwtDecoder(TickwireProperties properties,
                                                OAuth2ResourceServerProperties resourceServer,
                                                ObjectProvider<OAuth2TokenValidator<Jwt>> extraValidators) {
        AuthProperties auth = properties.auth();
        return TokenDecoders.of(resourceServer.getJwt(), auth.hmacSecret(), auth.clockSkew(),
                extraValidators.orderedStream().toList());
    }

    /** What a token grants: its {@code tickwire} claim, and the standard claims {@code tickwire.auth.claims.*} name. */
    @Bean
    Callers callers(TickwireProperties properties, ObjectProvider<NimbusReactiveJwtDecoder> decoder) {
        AuthProperties auth = properties.auth();
        AuthProperties.Claims c = auth.claims();
        StandardClaims standard = new StandardClaims(c.scopes(), c.scopePrefix(), c.roles(), c.groupRoles(),
                c.publishRoles(), c.adminRoles());
        return new Callers(new TokenClaims(auth.groups(), standard), auth.enabled() ? decoder.getObject() : null,
                auth.clockSkew());
    }

    /**
     * No Micrometer observations of the security filter chain, its authentications and its
     * authorizations: Spring Security would otherwise wrap every filter of every request in an
     * observation (a context, key values, timers started and stopped), which was a large part of
     * what a WebSocket handshake cost in a reconnect storm (bench/README.md "Reconnect storms"); and
     * a stream's filter-chain observations last as long as its connection, about 2.5 KB held by
     * each (bench/README.md "100,000 connections").
     * Refusals are counted by {@code tickwire_limits_refused_total} and the HTTP status metrics.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JsonRefusals jsonRefusals(ObjectMapper mapper, GatewayMeters meters) {
        return new JsonRefusals(mapper, meters);
    }

    /** The scraper's user; also keeps Spring Boot from making up a user with a logged password. */
    @Bean
    ReactiveUserDetailsService metricsUsers(TickwireProperties properties) {
        String password = properties.auth().metricsPassword();
        if (!StringUtils.hasText(password)) {
            return username -> Mono.empty();
        }
        return new MapReactiveUserDetailsService(User.withUsername("prometheus").password("{noop}" + password)
                .roles("METRICS").build());
    }

    /**
     * A node whose feed is unavailable refuses new streams (503 FEED_UNAVAILABLE) before anything else is
     * checked, so a load balancer retries them elsewhere; and, as a route ahead of every other, the {@code /ws}
     * handshakes Reactor Netty would upgrade ahead of Spring.
     */
    @Bean
    @Order(-300)
    FeedGate feedGate(FeedAvailability availability, ObjectMapper mapper, GatewayMeters meters) {
        return new FeedGate(availability, mapper, meters);
    }

    @Bean
    @Order(-300)
    NettyRouteProvider feedGateAhead(FeedGate gate) {
        return gate.ahead();
    }

    /** Browser origins for /ws and /sse, ahead of authentication: a foreign page gets a 403 whatever token it holds. */
    @Bean
    @Order(-200)
    OriginCheck originCheck(TickwireProperties properties, JsonRefusals refusals) {
        return new OriginCheck(allowedOrigins(properties), refusals);
    }

    @Bean
    ConnectionLimits connectionLimits(TickwireProperties properties) {
        TickwireProperties.Limits l = properties.limits();
        return new ConnectionLimits(l.maxConnections(), l.maxConnectionsPerSubject(), l.maxConnectionsPerAddress());
    }

    /** Opens per second per address, after the origin check and ahead of authentication. */
    @Bean
    @Order(-150)
    HandshakeRate handshakeRate(TickwireProperties properties, JsonRefusals refusals, GatewayMeters meters) {
        return new HandshakeRate(properties.limits().handshakesPerSecond(), refusals, meters);
    }

    /** {@code tickwire.http.allowed-origins}, or its default: any with authentication off, the page's own with it on. */
    static List<String> allowedOrigins(TickwireProperties properties) {
        List<String> listed = properties.http().allowedOrigins();
        if (listed != null) {
            return listed;
        }
        return properties.auth().enabled() ? List.of() : List.of("*");
    }

    /**
     * CORS for {@code /api/*} and {@code /sse} (the JavaScript client reads it with {@code fetch})
     * from the same origins; none listed and auth on: no cross-origin reads. The client library
     * and the contract documents hold no market data: any page may load them.
     */
    static CorsConfigurationSource cors(TickwireProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = allowedOrigins(properties);
        if (!origins.isEmpty()) {
            CorsConfiguration data = readOnly();
            data.setAllowedOriginPatterns(origins);
            data.setAllowedHeaders(List.of("Authorization", "Last-Event-ID"));
            source.registerCorsConfiguration("/api/**", data);
            source.registerCorsConfiguration("/sse", data);
        }
        CorsConfiguration published = readOnly();
        published.setAllowedOrigins(List.of("*"));
        source.registerCorsConfiguration("/client/**", published);
        source.registerCorsConfiguration("/contract/**", published);
        return source;
    }

    private static CorsConfiguration readOnly() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedMethods(List.of("GET"));
        cors.setMaxAge(3600L);
        return cors;
    }

    @Bean
    SecurityWebFilterChain tickwireSecurity(ServerHttpSecurity http, TickwireProperties properties,
                                            @Value("${management.server.port:-1}") int managementPort,
                                            @Value("${server.port:8080}") int serverPort,
                                            ObjectProvider<NimbusReactiveJwtDecoder> decoder, JsonRefusals refusals) {
        // The same port as the server's is no port of its own: nothing is opened by it.
        ServerWebExchangeMatcher managementOnly = onPort(managementPort == serverPort ? -1 : managementPort);
        http.cors(c -> c.configurationSource(cors(properties)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        AuthProperties auth = properties.auth();
        if (!auth.enabled()) {
            log.info("Authentication is off: any client may connect and see every symbol "
                    + "(tickwire.auth.enabled=true turns it on; see docs/security.md)");
            // It only permits: a WebSocket handshake skips it (no CORS there, nothing to authorize), as
            // its firewall, header writers and filters were a part of a handshake's cost in a reconnect
            // storm. The origin check and the handshake rate are filters of their own and still apply.
            ServerWebExchangeMatcher handshakes = ServerWebExchangeMatchers.pathMatchers("/ws");
            return http.securityMatcher(new NegatedServerWebExchangeMatcher(handshakes))
                    .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    // Health details for every caller, as before: with authentication off everything is open.
                    .anonymous(a -> a.authenticationFilter(
                            monitoring(ServerWebExchangeMatchers.pathMatchers("/actuator/**"))))
                    .authorizeExchange(e -> e.anyExchange().permitAll())
                    .build();
        }
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        // Browsers cannot set headers on a WebSocket handshake or an EventSource (PROTOCOL.md §4a).
        bearer.setAllowUriQueryParameter(true);
        // Only the streams and the API read a token: the dashboard's page must load with any URL,
        // ?access_token=<expired> included, to take the token from it and ask for a better one.
        ServerWebExchangeMatcher protectedPaths = ServerWebExchangeMatchers.pathMatchers("/ws", "/sse", "/api/**");
        ServerAuthenticationConverter tokens = exchange -> protectedPaths.matches(exchange)
                .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                .flatMap(match -> bearer.convert(exchange));
        return http
                .httpBasic(b -> b.authenticationEntryPoint(refusals.unauthenticated()))
                // Health details without a credential on a management port of its own; elsewhere the status only.
                .anonymous(a -> a.authenticationFilter(monitoring(managementOnly)))
                .authorizeExchange(e -> e
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // A management port of its own is reached by the monitoring network only: no credential there.
                        .matchers(managementOnly).permitAll()
                        .pathMatchers("/actuator/**").hasRole("METRICS")
                        .matchers(protectedPaths).authenticated()
                        // The dashboard's page and modules: it must load to ask for a token.
                        .anyExchange().permitAll())
                .oauth2ResourceServer(o -> o
                        .bearerTokenConverter(tokens)
                        .authenticationEntryPoint(refusals.unauthenticated())
                        .accessDeniedHandler(refusals.denied())
                        .jwt(j -> j.jwtDecoder(decoder.getObject())))
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals.unauthenticated())
                        .accessDeniedHandler(refusals.denied()))
                .build();
    }

    /**
     * Callers without a credential where every caller is the monitoring network's ({@code trusted}): anonymous
     * with role METRICS, which is what shows health details ({@code management.endpoint.health.show-details=
     * when-authorized}, {@code roles=METRICS}), as the scraper's HTTP Basic user has it. Others stay unauthenticated.
     */
    private static AnonymousAuthenticationWebFilter monitoring(ServerWebExchangeMatcher trusted) {
        return new AnonymousAuthenticationWebFilter("tickwire-monitoring", "monitoring",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS", "ROLE_METRICS")) {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
                return trusted.matches(exchange)
                        .flatMap(m -> m.isMatch() ? super.filter(exchange, chain) : chain.filter(exchange));
            }
        };
    }

    /** Requests that came in on {@code port}; none if it is not a fixed port of its own. */
    private static ServerWebExchangeMatcher onPort(int port) {
        return exchange -> {
            InetSocketAddress local = exchange.getRequest().getLocalAddress();
            return port > 0 && local != null && local.getPort() == port
                    ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
        };
    }
}
