package io.tickwire.gateway.security;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.tickwire.gateway.support.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Tokens from an identity provider, through Spring Boot's own settings (PROTOCOL.md §4a): RS256
 * tokens checked against a JWK Set that a real HTTP server serves ({@code jwk-set-uri}), their issuer
 * ({@code issuer-uri}) and audience ({@code audiences}), and a subject and an expiry required of every
 * one. Each refusal is the contract's 401 on every transport, the WebSocket's before any upgrade.
 * An extra validator bean is applied too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true",
    "spring.security.oauth2.resourceserver.jwt.audiences=tickwire-api,https://tickwire.example.test"})
@Import(JwkSetTest.NoMallory.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JwkSetTest {

    private static final String ISSUER = "https://idp.example.test/tickwire";
    private static final RSAKey KEY = Tokens.rsaKey("key-1");
    private static final Map<String, Object> GRANTS = Tokens.grants(List.of("*"), List.of());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DisposableServer jwks;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        String body = new JWKSet(KEY.toPublicJWK()).toString();
        jwks = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/jwks", (req, res) -> res.header("Content-Type", "application/json")
                        .sendString(Mono.just(body))))
                .bindNow();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + jwks.port() + "/jwks");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
    }

    @AfterAll
    static void stop() {
        jwks.disposeNow();
    }

    /** An extra validator from outside, as a revocation list is: it refuses one subject. */
    @TestConfiguration(proxyBeanMethods = false)
    static class NoMallory {

        @Bean
        OAuth2TokenValidator<Jwt> noMallory() {
            return jwt -> "mallory".equals(jwt.getSubject())
                    ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "mallory is barred", null))
                    : OAuth2TokenValidatorResult.success();
        }
    }

    @LocalServerPort
    int port;

    /** A good token: right key, issuer and audience, a subject and an expiry; each refusal changes one thing. */
    static Tokens.Builder good() {
        return Tokens.token("bob", Instant.now().plusSeconds(600)).issuer(ISSUER).audience("tickwire-api")
                .claim("tickwire", GRANTS);
    }

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(PATIENCE)
                .build();
    }

    private WebTestClient.ResponseSpec get(String path, String token) {
        return http().get().uri(path).header("Authorization", "Bearer " + token).exchange();
    }

    @Nested
    class Accepted {

        @Test
        void aTokenForOurAudienceFromTheIssuerSignedWithAKeyOfTheSet() {
            get("/api/symbols", good().rsa(KEY)).expectStatus().isOk();
            assertThat(RawHandshake.to(port, "/ws", good().rsa(KEY)).status()).isEqualTo(101);
        }

        @Test
        void aTokenForSeveralAudiencesOneOfWhichIsOneOfOurs() {
            get("/api/symbols", good().audience("billing-api", "https://tickwire.example.test").rsa(KEY))
                    .expectStatus().isOk();
        }
    }

    static Stream<Arguments> refusals() {
        Instant past = Instant.now().minusSeconds(60);
        return Stream.of(
                Arguments.of("no exp", good().without("exp").rsa(KEY), "exp"),
                Arguments.of("no sub", good().without("sub").rsa(KEY), "sub"),
                Arguments.of("empty sub", good().claim("sub", "").rsa(KEY), "sub"),
                Arguments.of("another audience", good().audience("billing-api").rsa(KEY), "aud"),
                Arguments.of("no audience", good().without("aud").rsa(KEY), "aud"),
                Arguments.of("another issuer", good().issuer("https://evil.example.test").rsa(KEY), "iss"),
                Arguments.of("expired", Tokens.token("bob", past).issuer(ISSUER).audience("tickwire-api").rsa(KEY),
                        "expired"),
                Arguments.of("another key of the same id", good().rsa(Tokens.rsaKey("key-1")), "refused"),
                Arguments.of("an HS256 token", good().hmac(), "refused"),
                Arguments.of("an extra validator's refusal", good().claim("sub", "mallory").rsa(KEY), "mallory"));
    }

    /** The contract's refusal: {@code {"code":"UNAUTHENTICATED","message":…}}, saying why, without the token. */
    private static void unauthenticated(String body, String token, String why) throws Exception {
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(json.path("message").asText()).contains(why).doesNotContain(token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void theApiRefuses401(String refusal, String token, String why) throws Exception {
        byte[] body = get("/api/symbols", token).expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer").expectBody().returnResult().getResponseBody();
        unauthenticated(new String(body), token, why);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void anSseStreamIsRefused401BeforeItStarts(String refusal, String token, String why) throws Exception {
        byte[] body = get("/sse?symbols=AAPL", token).expectStatus().isUnauthorized()
                .expectHeader().contentType("application/json").expectBody().returnResult().getResponseBody();
        unauthenticated(new String(body), token, why);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aWebSocketHandshakeIsAnswered401NotUpgraded(String refusal, String token, String why) throws Exception {
        RawHandshake header = RawHandshake.to(port, "/ws", token);
        assertThat(header.status()).isEqualTo(401);
        assertThat(header.head()).doesNotContainIgnoringCase("Upgrade: websocket");
        unauthenticated(header.body(), token, why);
        RawHandshake query = RawHandshake.to(port, "/ws?access_token=" + token, null);
        assertThat(query.status()).isEqualTo(401);
        unauthenticated(query.body(), token, why);
    }
}
