package io.tickwire.gateway.security;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/** Turns the principal Spring Security put on a request into the {@link Caller} the transports serve. */
public final class Callers {

    private final Map<String, List<String>> groups;

    /** @param groups {@code tickwire.auth.groups}: group name → symbol patterns */
    public Callers(Map<String, List<String>> groups) {
        this.groups = Map.copyOf(groups);
    }

    /** The caller behind {@code principal}; {@link Caller#ANONYMOUS} when there is none (authentication off). */
    public Mono<Caller> of(Mono<? extends Principal> principal) {
        return principal.map(this::of).defaultIfEmpty(Caller.ANONYMOUS);
    }

    Caller of(Principal principal) {
        if (principal instanceof JwtAuthenticationToken token) {
            return of(token.getToken());
        }
        return Caller.ANONYMOUS;
    }

    /** The caller a verified token describes. */
    public Caller of(Jwt jwt) {
        return new Caller(jwt.getSubject(), TokenEntitlements.of(jwt, groups), jwt.getExpiresAt());
    }
}
