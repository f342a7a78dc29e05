package io.tickwire.gateway.security;

import io.tickwire.gateway.hub.Entitlements;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What a verified token grants (PROTOCOL.md §4a): the symbols its holder may see, those it may
 * publish and define, and whether it is an operator. Read from its {@code tickwire} claim,
 * {@code {"symbols":["AAPL","NV*"],"groups":["us-etf"],"publish":["BTC-*"],"admin":true}}, and from
 * the standard claims the gateway is told to read ({@link StandardClaims}); what either grants is
 * granted. Each group is replaced by the symbol patterns {@code tickwire.auth.groups.<name>} lists;
 * a group not configured grants nothing. Only {@code "admin": true}, the JSON boolean, makes an
 * operator.
 */
public final class TokenClaims {

    static final String CLAIM = "tickwire";

    private final Map<String, List<String>> groups;
    private final StandardClaims standard;

    /**
     * @param groups   {@code tickwire.auth.groups}: group name → symbol patterns
     * @param standard the standard claims read besides the {@code tickwire} claim
     */
    public TokenClaims(Map<String, List<String>> groups, StandardClaims standard) {
        this.groups = Map.copyOf(groups);
        this.standard = standard;
    }

    /**
     * What a token grants.
     *
     * @param symbols    the symbols it may see
     * @param publishing the symbols it may publish quotes of and define ({@link Entitlements#NONE} if none)
     * @param admin      whether it may act as an operator (revoke a subject)
     */
    public record Grants(Entitlements symbols, Entitlements publishing, boolean admin) {
    }

    /** Entries found in a token's claims, before groups are resolved; one per read. */
    static final class Found {
        final List<String> symbols = new ArrayList<>();
        final List<String> groups = new ArrayList<>();
        final List<String> publish = new ArrayList<>();
        final List<String> publishGroups = new ArrayList<>();
        boolean admin;
    }

    /** What {@code jwt} grants. */
    public Grants read(Jwt jwt) {
        Found found = new Found();
        if (jwt.getClaims().get(CLAIM) instanceof Map<?, ?> claim) {
            strings(claim.get("symbols"), found.symbols);
            strings(claim.get("groups"), found.groups);
            strings(claim.get("publish"), found.publish);
            found.admin = Boolean.TRUE.equals(claim.get("admin"));
        }
        standard.read(jwt, found);
        found.groups.forEach(g -> found.symbols.addAll(groups.getOrDefault(g, List.of())));
        found.publishGroups.forEach(g -> found.publish.addAll(groups.getOrDefault(g, List.of())));
        return new Grants(TokenEntitlements.of(found.symbols),
                found.publish.isEmpty() ? Entitlements.NONE : TokenEntitlements.of(found.publish), found.admin);
    }

    private static void strings(Object value, List<String> out) {
        if (value instanceof Collection<?> c) {
            c.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        }
    }
}
