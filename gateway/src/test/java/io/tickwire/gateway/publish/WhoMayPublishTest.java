package io.tickwire.gateway.publish;

import static io.tickwire.testing.Patience.PATIENCE;

import io.tickwire.gateway.support.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who may publish over HTTP (PROTOCOL.md §4a, §8), on real gateways: nobody on a node with
 * authentication off unless {@code tickwire.publish.enabled}; with it on, the tokens whose
 * {@code publish} list covers every symbol of the request; and on a node whose feed is its
 * simulator, nobody (409).
 */
class WhoMayPublishTest {

    static final String BTC = "[{\"symbol\":\"BTC-USD\",\"type\":\"crypto\",\"tickSize\":0.01,\"sizeDecimals\":8}]";
    static final String BTC_AND_EUR = "[{\"symbol\":\"BTC-USD\",\"type\":\"crypto\",\"sizeDecimals\":8},"
            + "{\"symbol\":\"EUR/USD\",\"type\":\"fx\",\"tickSize\":0.00001}]";
    static final String BTC_QUOTE = "[{\"symbol\":\"BTC-USD\",\"bid\":97123.45,\"ask\":97123.46,\"last\":97123.46,"
            + "\"bidSize\":0.0153,\"askSize\":1,\"lastSize\":0.5,\"volume\":12.5,\"open\":95000}]";

    static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(PATIENCE)
                .build();
    }

    static WebTestClient.ResponseSpec post(WebTestClient client, String path, String token, String body) {
        WebTestClient.RequestBodySpec spec = client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            spec = spec.headers(h -> h.setBearerAuth(token));
        }
        return spec.bodyValue(body).exchange();
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"tickwire.feed.source=http"})
    class WithAuthenticationOffByDefault {

        @LocalServerPort
        int port;

        @Test
        void nobodyMayPublishOrDefineAndTheAnswerSaysHowToOpenIt() {
            for (String path : List.of("/api/instruments", "/api/publish")) {
                post(client(port), path, null, BTC).expectStatus().isForbidden().expectBody()
                        .jsonPath("$.code").isEqualTo("NOT_ENTITLED")
                        .jsonPath("$.message").value(m -> org.assertj.core.api.Assertions.assertThat((String) m)
                                .contains("tickwire.publish.enabled"));
            }
            client(port).get().uri("/api/symbols").exchange().expectStatus().isOk().expectBody().json("[]");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"tickwire.feed.source=http", "tickwire.auth.enabled=true",
                "tickwire.auth.hmac-secret=" + Tokens.SECRET})
    class WithAuthenticationOn {

        @LocalServerPort
        int port;

        String token(List<String> publish) {
            Map<String, Object> claim = publish == null ? Map.of("symbols", List.of("*"))
                    : Map.of("symbols", List.of("*"), "publish", publish);
            return Tokens.hmac("feeder", Instant.now().plusSeconds(600), claim);
        }

        @Test
        void aTokenWhosePublishListCoversEverySymbolPublishesAndDefines() {
            String token = token(List.of("BTC-*"));
            post(client(port), "/api/instruments", token, BTC).expectStatus().isOk().expectBody()
                    .jsonPath("$.count").isEqualTo(1);
            post(client(port), "/api/publish", token, BTC_QUOTE).expectStatus().isOk().expectBody()
                    .jsonPath("$.count").isEqualTo(1);
            client(port).get().uri("/api/quotes?symbols=BTC-USD").headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.quotes[0].bidSize").isEqualTo(0.0153);
        }

        @Test
        void aRequestWithOneSymbolOutsideTheListIsRefusedWholeNamingIt() {
            post(client(port), "/api/instruments", token(List.of("BTC-*")), BTC_AND_EUR).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_ENTITLED")
                    .jsonPath("$.symbols[0]").isEqualTo("EUR/USD")
                    .jsonPath("$.symbols.length()").isEqualTo(1);
            client(port).get().uri("/api/quotes?symbols=EUR/USD").headers(h -> h.setBearerAuth(token(null)))
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_SYMBOL");
        }

        @Test
        void aTokenWithoutAPublishListMayNotAndNoTokenIs401() {
            post(client(port), "/api/publish", token(null), BTC_QUOTE).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_ENTITLED");
            post(client(port), "/api/publish", null, BTC_QUOTE).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"tickwire.publish.enabled=true"})
    class OnANodeWhoseFeedIsItsSimulator {

        @LocalServerPort
        int port;

        @Test
        void publishingIsAConflict() {
            post(client(port), "/api/publish", null, BTC_QUOTE).expectStatus().isEqualTo(409).expectBody()
                    .jsonPath("$.code").isEqualTo("NOT_PUBLISHABLE");
            post(client(port), "/api/instruments", null, BTC).expectStatus().isEqualTo(409);
        }
    }
}
