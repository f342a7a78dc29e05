package io.tickwire.gateway.security;

import io.tickwire.gateway.hub.Entitlements;
import java.time.Instant;

/**
 * Who is connecting, as a transport needs to know it: the token's subject, the symbols it grants,
 * the symbols it may publish, whether it is an operator, and when it expires. With authentication
 * off, everyone is {@link #ANONYMOUS}.
 *
 * @param subject      the token's {@code sub}, or {@code null} when authentication is off
 * @param entitlements the symbols the caller may see
 * @param publishing   the symbols the caller may publish quotes of and define (PROTOCOL.md §4a, §8)
 * @param admin        whether the caller may take operators' actions, such as revoking a subject
 *                     (PROTOCOL.md §4a: {@code "admin": true} in the {@code tickwire} claim, or a
 *                     standard claim configured to grant it; see {@link TokenClaims})
 * @param expiresAt    the token's {@code exp}, or {@code null} for no expiry
 * @param endsAt       when a stream opened with this token ends unless refreshed: {@code exp} plus
 *                     the clock skew allowed; {@code null} for never
 */
public record Caller(String subject, Entitlements entitlements, Entitlements publishing, boolean admin,
                     Instant expiresAt, Instant endsAt) {

    /**
     * Authentication is off: any symbol, no expiry, no operator; publishing is the gateway's to
     * allow ({@code tickwire.publish.enabled}), not the caller's.
     */
    public static final Caller ANONYMOUS = new Caller(null, Entitlements.ALL, Entitlements.NONE, false, null, null);
}
