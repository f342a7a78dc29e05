package io.tickwire.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The subjects an operator has cut off (PROTOCOL.md §4a), as this node knows them, each with the
 * moment it was revoked. A token of a revoked subject issued in that second or before (its
 * {@code iat}; a token without one counts as old) is refused like an invalid one: a 401 before any
 * upgrade, and on the WebSocket {@code auth} op. A later token is accepted, so an identity provider
 * lets a user back in by issuing new tokens. An entry is forgotten {@code retention} after it was
 * made (set it longer than any token lives), so the list is bounded by what operators revoked
 * within that time.
 */
public final class Revocations implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "the token's subject was revoked", null);

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;

    public Revocations(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return refuses(token.getSubject(), token.getIssuedAt())
                ? OAuth2TokenValidatorResult.failure(REVOKED) : OAuth2TokenValidatorResult.success();
    }

    /** Whether a token of {@code subject} issued at {@code issuedAt} ({@code null}: not said) is refused. */
    public boolean refuses(String subject, Instant issuedAt) {
        Instant at = subject == null ? null : revoked.get(subject);
        if (at == null || expired(at)) {
            return false;
        }
        return issuedAt == null || !issuedAt.isAfter(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Whether {@code subject} was revoked at {@code moment} or later. */
    public boolean revokedSince(String subject, Instant moment) {
        Instant at = subject == null ? null : revoked.get(subject);
        return at != null && !expired(at) && !at.isBefore(moment);
    }

    /**
     * Records {@code subject} revoked at {@code at}; {@code true} when that is news to this node (not
     * known, or known at an earlier moment), so its streams are to be closed.
     */
    public boolean revoke(String subject, Instant at) {
        if (expired(at)) {
            return false;
        }
        Instant before = revoked.put(subject, at);
        if (before != null && !before.isBefore(at)) {
            revoked.put(subject, before);
            return false;
        }
        return true;
    }

    /** Lets {@code subject}'s tokens in again; {@code true} if it was revoked. */
    public boolean lift(String subject) {
        return revoked.remove(subject) != null;
    }

    /**
     * Takes {@code entries} (a store's whole list) as this node's list; returns the subjects that are
     * news to it, whose streams are to be closed.
     */
    public List<String> replaceAll(Map<String, Instant> entries) {
        List<String> news = new ArrayList<>();
        entries.forEach((subject, at) -> {
            if (revoke(subject, at)) {
                news.add(subject);
            }
        });
        revoked.keySet().removeIf(subject -> !entries.containsKey(subject));
        revoked.values().removeIf(this::expired);
        return news;
    }

    /** The revocations in force, subject → moment. */
    public Map<String, Instant> list() {
        revoked.values().removeIf(this::expired);
        return Map.copyOf(revoked);
    }

    /** Whether a revocation made at {@code at} is past its retention. */
    public boolean expired(Instant at) {
        return at.plus(retention).isBefore(clock.instant());
    }
}
