package io.tickwire.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tickwire.auth.*}: who may connect and what each token grants (PROTOCOL.md §4a).
 *
 * @param enabled         clients must present a JWT at connect (PROTOCOL.md §4a); off by default
 * @param hmacSecret      a shared secret that signs the tokens (HS256, at least 32 bytes); else Spring
 *                        Boot's {@code spring.security.oauth2.resourceserver.jwt.*} keys name the keys
 *                        (and its {@code .issuer-uri} and {@code .audiences} are checked either way)
 * @param clockSkew       how far a token's {@code exp} and {@code nbf} may be off this node's clock
 * @param groups          named lists of symbol patterns a token's {@code tickwire.groups}, a
 *                        {@code tickwire:groups:<name>} scope or a mapped role may name
 * @param metricsPassword password of the user {@code prometheus} for {@code /actuator/prometheus} when
 *                        auth is on; unset: the endpoint is closed (or use a separate management port)
 * @param claims          entitlements from an identity provider's standard claims; none read by default
 */
public record AuthProperties(@DefaultValue("false") boolean enabled,
                   String hmacSecret,
                   @DefaultValue("5s") Duration clockSkew,
                   Map<String, List<String>> groups,
                   String metricsPassword,
                   @DefaultValue Claims claims) {

    public AuthProperties {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("tickwire.auth.clock-skew must not be negative");
        }
        undefined("group-roles", claims.groupRoles(), groups);
        undefined("publish-roles", claims.publishRoles(), groups);
    }

    /**
     * Entitlements from the claims Entra ID, Okta or Keycloak mint, for an identity provider that
     * cannot add a {@code tickwire} claim ({@code io.tickwire.gateway.security.StandardClaims}).
     * Nothing is read unless a claim is named here.
     *
     * @param scopes       claims read as scopes ({@code scope}, {@code scp}): their entries
     *                     {@code <prefix>symbols:<pattern>}, {@code <prefix>groups:<group>},
     *                     {@code <prefix>publish:<pattern>} and {@code <prefix>admin} are grants
     * @param scopePrefix  what a scope entry begins with to be read; not blank
     * @param roles        claims read as role or group names ({@code roles}, {@code groups},
     *                     {@code realm_access.roles}: a dotted path reads a nested claim)
     * @param groupRoles   group name → the roles that see the group's symbols
     * @param publishRoles group name → the roles that may publish and define the group's symbols
     * @param adminRoles   the roles that make their holder an operator (PROTOCOL.md §4a {@code admin})
     */
    public record Claims(List<String> scopes,
                         @DefaultValue("tickwire:") String scopePrefix,
                         List<String> roles,
                         Map<String, List<String>> groupRoles,
                         Map<String, List<String>> publishRoles,
                         List<String> adminRoles) {

        public Claims {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            roles = roles == null ? List.of() : List.copyOf(roles);
            groupRoles = groupRoles == null ? Map.of() : Map.copyOf(groupRoles);
            publishRoles = publishRoles == null ? Map.of() : Map.copyOf(publishRoles);
            adminRoles = adminRoles == null ? List.of() : List.copyOf(adminRoles);
            if (scopePrefix == null || scopePrefix.isBlank()) {
                throw new IllegalArgumentException("tickwire.auth.claims.scope-prefix must not be blank");
            }
        }
    }

    /** A role mapped to a group that is not defined would silently grant nothing: refused at startup. */
    private static void undefined(String key, Map<String, List<String>> mapping, Map<String, List<String>> groups) {
        mapping.keySet().stream().filter(g -> !groups.containsKey(g)).findFirst().ifPresent(g -> {
            throw new IllegalArgumentException("tickwire.auth.claims." + key + "." + g
                    + " names a group that tickwire.auth.groups does not define");
        });
    }
}
