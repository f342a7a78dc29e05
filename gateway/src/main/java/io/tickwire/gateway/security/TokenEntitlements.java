package io.tickwire.gateway.security;

import io.tickwire.gateway.hub.Entitlements;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token's entitlements (PROTOCOL.md §4a): its {@code tickwire} claim,
 * {@code {"symbols":["AAPL","NV*"],"groups":["us-etf"]}}, with each group replaced by the patterns
 * {@code tickwire.auth.groups.<name>} lists. A pattern is a symbol, or a prefix ending in
 * {@code *} ({@code *} alone: every symbol); both case-sensitive, as symbols are. A token without the claim, or naming a group not
 * configured, grants nothing from it.
 */
public final class TokenEntitlements implements Entitlements {

    static final String CLAIM = "tickwire";

    private final Set<String> exact;
    private final List<String> prefixes;

    private TokenEntitlements(Set<String> exact, List<String> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /** The entitlements {@code jwt} carries, groups resolved against {@code groups}. */
    public static Entitlements of(Jwt jwt, Map<String, List<String>> groups) {
        List<String> patterns = new ArrayList<>();
        if (jwt.getClaims().get(CLAIM) instanceof Map<?, ?> claim) {
            strings(claim.get("symbols"), patterns);
            List<String> named = new ArrayList<>();
            strings(claim.get("groups"), named);
            named.forEach(g -> patterns.addAll(groups.getOrDefault(g, List.of())));
        }
        return of(patterns);
    }

    /**
     * The symbols {@code jwt} may publish quotes of and define (PROTOCOL.md §4a, §8): the patterns
     * of its claim's {@code publish} list, {@code {"publish":["BTC-*"]}}; none without one.
     */
    public static Entitlements publishing(Jwt jwt) {
        List<String> patterns = new ArrayList<>();
        if (jwt.getClaims().get(CLAIM) instanceof Map<?, ?> claim) {
            strings(claim.get("publish"), patterns);
        }
        return patterns.isEmpty() ? Entitlements.NONE : of(patterns);
    }

    /** Entitlements granting {@code patterns}. */
    public static Entitlements of(Collection<String> patterns) {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.trim();
            if (p.equals("*")) {
                return Entitlements.ALL;
            }
            if (p.endsWith("*")) {
                prefixes.add(p.substring(0, p.length() - 1));
            }
            else if (!p.isEmpty()) {
                exact.add(p);
            }
        }
        return new TokenEntitlements(Set.copyOf(exact), List.copyOf(prefixes));
    }

    private static void strings(Object value, List<String> out) {
        if (value instanceof Collection<?> c) {
            c.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        }
    }

    @Override
    public boolean allows(String symbol) {
        if (exact.contains(symbol)) {
            return true;
        }
        for (String p : prefixes) {
            if (symbol.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
