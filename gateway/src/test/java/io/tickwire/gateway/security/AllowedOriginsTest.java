package io.tickwire.gateway.security;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** {@code tickwire.http.allowed-origins} with authentication off: only the pages listed may connect or read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tickwire.http.allowed-origins=https://trading.example.com")
class AllowedOriginsTest {

    private static final String TRADING = "https://trading.example.com";
    private static final String EVIL = "https://evil.example.com";

    @LocalServerPort
    int port;

    int handshake(String origin) {
        try {
            HttpClient.create().headers(h -> h.set("Origin", origin)).websocket()
                    .uri("ws://127.0.0.1:" + port + "/ws").handle((in, out) -> Mono.<Void>empty())
                    .blockLast(PATIENCE);
            return 101;
        }
        catch (WebSocketClientHandshakeException e) {
            return e.response().status().code();
        }
    }

    @Test
    void aListedOriginOpensAWebSocketAndAnotherGets403() {
        assertThat(handshake(TRADING)).isEqualTo(101);
        assertThat(handshake(EVIL)).isEqualTo(403);
    }

    @Test
    void theApiAnswersCorsForAListedOriginOnlyPreflightIncluded() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        http.get().uri("/api/symbols").header("Origin", TRADING).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Access-Control-Allow-Origin", TRADING);
        http.options().uri("/api/quotes").header("Origin", TRADING).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Access-Control-Allow-Origin", TRADING);
        http.get().uri("/api/symbols").header("Origin", EVIL).exchange().expectStatus().isForbidden();
    }

    @Test
    void theSseStreamAnswersCorsForAListedOriginAndRefusesAnother() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        http.options().uri("/sse?symbols=AAPL").header("Origin", TRADING).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization,Last-Event-ID").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Access-Control-Allow-Origin", TRADING);
        http.options().uri("/sse?symbols=AAPL").header("Origin", EVIL).header("Access-Control-Request-Method", "GET")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void anyPageMayLoadTheClientLibraryAndTheContract() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        for (String path : new String[] {"/client/tickwire.js", "/contract/asyncapi.yaml", "/contract/openapi.yaml"}) {
            http.get().uri(path).header("Origin", EVIL).exchange()
                    .expectStatus().isOk().expectHeader().valueEquals("Access-Control-Allow-Origin", "*");
        }
    }
}
