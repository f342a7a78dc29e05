package io.tickwire.gateway.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.tickwire.gateway.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Keys from an identity provider, through Spring Boot's own settings: RS256 tokens checked against
 * a JWK Set that a real HTTP server serves ({@code jwk-set-uri}), and their issuer ({@code issuer-uri}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tickwire.auth.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JwkSetTest {

    private static final String ISSUER = "https://idp.example.test/tickwire";
    private static final RSAKey KEY = Tokens.rsaKey("key-1");
    private static final Map<String, Object> GRANTS = Tokens.grants(List.of("*"), List.of());
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

    @LocalServerPort
    int port;

    private WebTestClient.ResponseSpec symbols(String token) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .build().get().uri("/api/symbols").header("Authorization", "Bearer " + token).exchange();
    }

    @Test
    void aTokenSignedWithAKeyOfTheSetByTheIssuerIsAccepted() {
        symbols(Tokens.rsa(KEY, ISSUER, "bob", Instant.now().plusSeconds(300), GRANTS)).expectStatus().isOk();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        RSAKey other = Tokens.rsaKey("key-1");
        symbols(Tokens.rsa(other, ISSUER, "bob", Instant.now().plusSeconds(300), GRANTS)).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        symbols(Tokens.rsa(KEY, "https://evil.example.test", "bob", Instant.now().plusSeconds(300), GRANTS))
                .expectStatus().isUnauthorized();
    }
}
