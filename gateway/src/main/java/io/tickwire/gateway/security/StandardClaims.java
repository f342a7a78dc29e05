package io.tickwire.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Grants read from an identity provider's standard claims, for providers that mint no
 * {@code tickwire} claim without work (Entra ID, Okta, Keycloak; PROTOCOL.md §4a). Nothing is read
 * unless configured ({@link #NONE}), in two ways:
 * <ul>
 *   <li><b>scopes</b>: in the claims named ({@code scope}, {@code scp}), each entry beginning with the
 *   prefix ({@code tickwire:}) is a grant: {@code tickwire:symbols:<pattern>},
 *   {@code tickwire:groups:<group>}, {@code tickwire:publish:<pattern>}, {@code tickwire:admin}. Entries
 *   without the prefix, or with the prefix and another word, grant nothing.</li>
 *   <li><b>roles</b>: in the claims named ({@code roles}, {@code groups}, {@code realm_access.roles}),
 *   each entry is a role or group name of the provider, matched exactly (case-sensitive) against the
 *   roles configured to see a group's symbols, to publish them, or to be an operator.</li>
 * </ul>
 * A claim is named as the token spells it at the top level ({@code https://example.com/roles} too),
 * else as a dotted path into nested objects ({@code realm_access.roles}). A claim holding a string is
 * split at whitespace, as OAuth 2's {@code scope} is; one holding an array is taken entry by entry;
 * anything else grants nothing. Immutable, shared by every connection.
 */
public final class StandardClaims {

    /** Reads nothing: grants come from the {@code tickwire} claim only. */
    public static final StandardClaims NONE = new StandardClaims(List.of(), "tickwire:", List.of(), Map.of(),
            Map.of(), List.of());

    private final List<String> scopeClaims;
    private final String prefix;
    private final List<String> roleClaims;
    private final Map<String, List<String>> groupsByRole;
    private final Map<String, List<String>> publishGroupsByRole;
    private final Set<String> adminRoles;

    /**
     * @param scopeClaims  claims read as scopes
     * @param scopePrefix  what a scope entry begins with to be a grant; not blank
     * @param roleClaims   claims read as role names
     * @param groupRoles   group name ({@code tickwire.auth.groups.<name>}) → roles that see its symbols
     * @param publishRoles group name → roles that may publish and define its symbols
     * @param adminRoles   roles that make their holder an operator ({@code admin})
     */
    public StandardClaims(List<String> scopeClaims, String scopePrefix, List<String> roleClaims,
                          Map<String, List<String>> groupRoles, Map<String, List<String>> publishRoles,
                          List<String> adminRoles) {
        if (scopePrefix == null || scopePrefix.isBlank()) {
            throw new IllegalArgumentException("the scope prefix must not be blank: a bare \"admin\" scope of any "
                    + "other application would make its holder an operator here");
        }
        this.scopeClaims = List.copyOf(scopeClaims);
        this.prefix = scopePrefix;
        this.roleClaims = List.copyOf(roleClaims);
        this.groupsByRole = byRole(groupRoles);
        this.publishGroupsByRole = byRole(publishRoles);
        this.adminRoles = Set.copyOf(adminRoles);
    }

    private static Map<String, List<String>> byRole(Map<String, List<String>> rolesByGroup) {
        Map<String, List<String>> out = new HashMap<>();
        rolesByGroup.forEach((group, roles) -> roles.forEach(
                role -> out.computeIfAbsent(role.trim(), r -> new ArrayList<>()).add(group)));
        out.replaceAll((role, groups) -> List.copyOf(groups));
        return Map.copyOf(out);
    }

    /** Adds what {@code jwt}'s standard claims grant to {@code found}. */
    void read(Jwt jwt, TokenClaims.Found found) {
        for (String name : scopeClaims) {
            for (String entry : entries(jwt, name)) {
                scope(entry, found);
            }
        }
        for (String name : roleClaims) {
            for (String role : entries(jwt, name)) {
                found.groups.addAll(groupsByRole.getOrDefault(role, List.of()));
                found.publishGroups.addAll(publishGroupsByRole.getOrDefault(role, List.of()));
                found.admin |= adminRoles.contains(role);
            }
        }
    }

    private void scope(String entry, TokenClaims.Found found) {
        if (!entry.startsWith(prefix)) {
            return;
        }
        String grant = entry.substring(prefix.length());
        if (grant.equals("admin")) {
            found.admin = true;
        }
        else if (grant.startsWith("symbols:")) {
            found.symbols.add(grant.substring("symbols:".length()));
        }
        else if (grant.startsWith("groups:")) {
            found.groups.add(grant.substring("groups:".length()));
        }
        else if (grant.startsWith("publish:")) {
            found.publish.add(grant.substring("publish:".length()));
        }
    }

    /** The entries of claim {@code name}: top-level as spelled, else a dotted path into nested objects. */
    static List<String> entries(Jwt jwt, String name) {
        Object value = jwt.getClaims().get(name);
        if (value == null && name.indexOf('.') > 0) {
            Object node = jwt.getClaims();
            for (String step : name.split("\\.")) {
                node = node instanceof Map<?, ?> map ? map.get(step) : null;
            }
            value = node;
        }
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        else if (value instanceof Collection<?> c) {
            c.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        }
        return out;
    }
}
