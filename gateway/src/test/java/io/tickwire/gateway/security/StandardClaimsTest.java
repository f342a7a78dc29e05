package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.gateway.config.AuthProperties;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Entitlements from the standard claims Entra ID, Okta and Keycloak mint (PROTOCOL.md §4a), as
 * {@code tickwire.auth.claims.*} tells the gateway to read them: scope entries with the
 * {@code tickwire:} prefix, and role and group names mapped to configured groups, to publishing and
 * to the operator's {@code admin}; besides the {@code tickwire} claim, never instead of checking it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET,
    "tickwire.auth.groups.us-etf=SPY,QQQ", "tickwire.auth.groups.chips=NVDA,AMD",
    "tickwire.auth.claims.scopes=scope,scp",
    "tickwire.auth.claims.roles=roles,groups,realm_access.roles,https://tickwire.example.test/roles",
    "tickwire.auth.claims.group-roles.us-etf=Tickwire.UsEtf,tickwire-us-etf",
    "tickwire.auth.claims.group-roles.chips=Tickwire Chip Traders",
    "tickwire.auth.claims.publish-roles.chips=Tickwire.ChipFeed",
    "tickwire.auth.claims.admin-roles=Tickwire.Admin,tickwire-admin"})
@Import(ManualFeedConfiguration.class)
class StandardClaimsTest {

    @LocalServerPort
    int port;
    @Autowired
    Callers callers;
    WebTestClient http;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(PATIENCE)
                .build();
    }

    static Tokens.Builder token() {
        return Tokens.token("dana", Instant.now().plusSeconds(600));
    }

    /** The symbols {@code /api/symbols} lists for {@code token}. */
    private List<String> visible(String token) {
        JsonNode listed = http.get().uri("/api/symbols").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> out = new ArrayList<>();
        listed.forEach(instrument -> out.add(instrument.path("symbol").asText()));
        return out;
    }

    private void refused(String token, String symbol) {
        http.get().uri("/api/quotes?symbols=" + symbol).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isForbidden().expectBody()
                .jsonPath("$.code").isEqualTo("NOT_ENTITLED").jsonPath("$.symbols[0]").isEqualTo(symbol);
    }

    private Caller caller(String token) {
        return callers.authenticate(token).block(StreamClient.TIMEOUT);
    }

    @Nested
    class Scopes {

        @Test
        void aSpaceSeparatedScopeGrantsItsSymbolPatternsAndGroups() {
            String t = token().claim("scope", "openid profile tickwire:symbols:NV* tickwire:groups:us-etf").hmac();
            assertThat(visible(t)).containsExactlyInAnyOrder("NVDA", "SPY", "QQQ");
            refused(t, "AAPL");
        }

        @Test
        void anArrayOfScopesGrantsTheSame() {
            String t = token().claim("scp", List.of("tickwire:symbols:AAPL", "tickwire:symbols:F")).hmac();
            assertThat(visible(t)).containsExactlyInAnyOrder("AAPL", "F");
            refused(t, "TSLA");
            try (WsClient ws = WsClient.connect(port, "?access_token=" + t)) {
                ws.subscribe("1", symbols("AAPL", "TSLA"));
                StreamClient.Refusal refusal = ws.awaitRefusal();
                assertThat(refusal.code()).isEqualTo("NOT_ENTITLED");
                assertThat(refusal.message()).contains("TSLA");
                assertThat(ws.awaitAck().body().path("symbols").toString()).isEqualTo("[\"AAPL\"]");
            }
        }

        @Test
        void entriesWithoutThePrefixOrWithAnotherWordGrantNothing() {
            String t = token().claim("scope", "symbols:AAPL tickwire:read tickwire:symbol:AAPL other:symbols:*").hmac();
            assertThat(visible(t)).isEmpty();
            refused(t, "AAPL");
        }

        @Test
        void publishAndAdminScopes() {
            Caller c = caller(token().claim("scp", List.of("tickwire:publish:BTC-*", "tickwire:admin")).hmac());
            assertThat(c.publishing().allows("BTC-USD")).isTrue();
            assertThat(c.publishing().allows("ETH-USD")).isFalse();
            assertThat(c.entitlements().allows("BTC-USD")).as("publishing is not seeing").isFalse();
            assertThat(c.admin()).isTrue();
        }
    }

    @Nested
    class Roles {

        @Test
        void entraAppRolesMapToAGroup() {
            assertThat(visible(token().claim("roles", List.of("Tickwire.UsEtf")).hmac()))
                    .containsExactlyInAnyOrder("SPY", "QQQ");
        }

        @Test
        void keycloakRealmRolesNestedInRealmAccessMapToAGroup() {
            String t = token().claim("realm_access", Map.of("roles", List.of("offline_access", "tickwire-us-etf")))
                    .hmac();
            assertThat(visible(t)).containsExactlyInAnyOrder("SPY", "QQQ");
            refused(t, "NVDA");
        }

        @Test
        void oktaGroupsWithSpacesInTheirNamesMapToAGroup() {
            assertThat(visible(token().claim("groups", List.of("Everyone", "Tickwire Chip Traders")).hmac()))
                    .containsExactlyInAnyOrder("NVDA", "AMD");
        }

        @Test
        void aNamespacedClaimWhoseNameHoldsDotsIsReadAsSpelled() {
            assertThat(visible(token().claim("https://tickwire.example.test/roles", List.of("Tickwire.UsEtf")).hmac()))
                    .containsExactlyInAnyOrder("SPY", "QQQ");
        }

        @Test
        void rolesAddToTheTickwireClaim() {
            String t = token().claim("tickwire", Tokens.grants(List.of("IBM"), List.of()))
                    .claim("roles", List.of("Tickwire.UsEtf")).hmac();
            assertThat(visible(t)).containsExactlyInAnyOrder("IBM", "SPY", "QQQ");
        }

        @Test
        void unmappedRolesOtherCasesAndClaimsNotNamedGrantNothing() {
            String t = token().claim("roles", List.of("us-etf", "tickwire.usetf", "SPY"))
                    .claim("resource_access", Map.of("tickwire", Map.of("roles", List.of("tickwire-us-etf"))))
                    .claim("wids", List.of("Tickwire.Admin")).hmac();
            assertThat(visible(t)).isEmpty();
            assertThat(caller(t).admin()).isFalse();
        }

        @Test
        void aPublishRoleGrantsPublishingTheGroupsSymbolsOnly() {
            Caller feeder = caller(token().claim("roles", List.of("Tickwire.ChipFeed")).hmac());
            assertThat(feeder.publishing().allows("NVDA")).isTrue();
            assertThat(feeder.publishing().allows("AAPL")).isFalse();
            assertThat(feeder.entitlements().allows("NVDA")).isFalse();
        }
    }

    @Nested
    class Admin {

        @Test
        void theTickwireClaimsAdminTrueMakesAnOperator() {
            assertThat(caller(token().claim("tickwire", Map.of("admin", true)).hmac()).admin()).isTrue();
        }

        @Test
        void onlyTheJsonBooleanTrueCounts() {
            assertThat(caller(token().claim("tickwire", Map.of("admin", "true")).hmac()).admin()).isFalse();
            assertThat(caller(token().claim("tickwire", Map.of("admin", false)).hmac()).admin()).isFalse();
            String everySymbol = token().claim("tickwire", Tokens.grants(List.of("*"), List.of())).hmac();
            assertThat(caller(everySymbol).admin()).isFalse();
        }

        @Test
        void anAdminRoleMakesAnOperator() {
            assertThat(caller(token().claim("roles", List.of("Tickwire.Admin")).hmac()).admin()).isTrue();
            assertThat(caller(token().claim("realm_access", Map.of("roles", List.of("tickwire-admin"))).hmac()).admin())
                    .isTrue();
        }

        @Test
        void nobodyIsAnOperatorWithAuthenticationOff() {
            assertThat(Caller.ANONYMOUS.admin()).isFalse();
        }
    }

    @Test
    void aRoleMappedToAGroupNotDefinedIsRefusedAtStartup() {
        AuthProperties.Claims claims = new AuthProperties.Claims(List.of(), "tickwire:",
                List.of("roles"), Map.of("us-etf", List.of("Traders")), Map.of(), List.of());
        assertThatThrownBy(() -> new AuthProperties(true, Tokens.SECRET, Duration.ofSeconds(5), Map.of(),
                null, claims)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tickwire.auth.claims.group-roles.us-etf");
    }
}
