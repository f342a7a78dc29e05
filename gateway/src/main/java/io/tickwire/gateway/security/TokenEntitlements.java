package io.tickwire.gateway.security;

import io.tickwire.gateway.hub.Entitlements;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The symbols a list of patterns grants (PROTOCOL.md §4a), as {@link TokenClaims} reads them from a
 * token. A pattern is a symbol, or a prefix ending in {@code *} ({@code *} alone: every symbol); both
 * case-sensitive, as symbols are. No pattern grants nothing.
 */
public final class TokenEntitlements implements Entitlements {

    private final Set<String> exact;
    private final List<String> prefixes;

    private TokenEntitlements(Set<String> exact, List<String> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
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
