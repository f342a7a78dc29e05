package io.tickwire.gateway.security;

import java.security.Principal;
import java.time.Duration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a verified token into the {@link Caller} the transports serve: the principal Spring
 * Security put on a request at connect, or a fresh token a WebSocket client sends with the
 * {@code auth} op (checked by the same decoder).
 */
public final class Callers {

    private final TokenClaims claims;
    private final ReactiveJwtDecoder decoder;
    private final Duration clockSkew;

    /**
     * @param claims    what a token's claims grant
     * @param decoder   the gateway's JWT decoder; {@code null} when authentication is off
     * @param clockSkew added to {@code exp} before a stream ends
     */
    public Callers(TokenClaims claims, ReactiveJwtDecoder decoder, Duration clockSkew) {
        this.claims = claims;
        this.decoder = decoder;
        this.clockSkew = clockSkew;
    }

    /** The caller behind {@code principal}; {@link Caller#ANONYMOUS} when there is none (authentication off). */
    public Mono<Caller> of(Mono<? extends Principal> principal) {
        return principal.map(this::of).defaultIfEmpty(Caller.ANONYMOUS);
    }

    Caller of(Principal principal) {
        return principal instanceof JwtAuthenticationToken token ? of(token.getToken()) : Caller.ANONYMOUS;
    }

    /** The caller a verified token describes. */
    public Caller of(Jwt jwt) {
        TokenClaims.Grants grants = claims.read(jwt);
        return new Caller(jwt.getSubject(), grants.symbols(), grants.publishing(), grants.admin(), jwt.getExpiresAt(),
                jwt.getExpiresAt() == null ? null : jwt.getExpiresAt().plus(clockSkew));
    }

    /** Whether tokens are checked at all. */
    public boolean enabled() {
        return decoder != null;
    }

    /** The caller {@code token} describes, if the gateway's decoder accepts it; an error otherwise. */
    public Mono<Caller> authenticate(String token) {
        if (decoder == null) {
            return Mono.error(new IllegalStateException("authentication is off on this gateway"));
        }
        return decoder.decode(token).map(this::of);
    }
}
