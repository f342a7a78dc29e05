package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * A gateway with authentication on (HS256 tokens, PROTOCOL.md §4a) over every transport: who gets
 * in, and which symbols each caller sees.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET,
    "tickwire.auth.groups.us-etf=SPY,QQQ", "tickwire.auth.metrics-password=scrape-me",
    "tickwire.client.max-symbols=5"})
@Import(ManualFeedConfiguration.class)
class AuthenticationTest {

    private static final Duration TIMEOUT = PATIENCE;
    /** AAPL, anything starting with MS, and the us-etf group (SPY, QQQ): not TSLA, NVDA, IBM. */
    private static final Map<String, Object> GRANTS = Tokens.grants(List.of("AAPL", "MS*"), List.of("us-etf"));

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    QuoteHub hub;
    WebTestClient http;
    String token;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(TIMEOUT).build();
        token = Tokens.hmac("alice", Instant.now().plusSeconds(600), GRANTS);
    }

    private WebTestClient.ResponseSpec get(String path, String bearer) {
        WebTestClient.RequestHeadersSpec<?> r = http.get().uri(path);
        if (bearer != null) {
            r = r.header("Authorization", "Bearer " + bearer);
        }
        return r.exchange();
    }

    @Nested
    class WithoutAValidToken {

        @ParameterizedTest
        @ValueSource(strings = {"/sse?symbols=AAPL", "/api/symbols", "/api/quotes?symbols=AAPL",
            "/api/quotes/poll?symbols=AAPL&timeout=0", "/ws"})
        void everyTransportAnswers401WithTheContractsBodyBeforeAnyStream(String path) {
            get(path, null).expectStatus().isUnauthorized()
                    .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED")
                    .jsonPath("$.message").value(m -> assertThat((String) m).contains("access_token"));
        }

        @Test
        void aWebSocketHandshakeIsRefusedWith401BeforeTheUpgrade() {
            assertThatThrownBy(() -> HttpClient.create().websocket().uri("ws://127.0.0.1:" + port + "/ws")
                    .handle((in, out) -> in.receive()).blockLast(TIMEOUT))
                    .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                            e -> assertThat(e.response().status().code()).isEqualTo(401));
        }

        @Test
        void aBadSignatureAnExpiredTokenAndGarbageAreRefused() {
            String forged = Tokens.hmac("0123456789-another-secret-of-32-bytes", "alice", Instant.now().plusSeconds(600),
                    GRANTS);
            get("/api/symbols", forged).expectStatus().isUnauthorized();
            String expired = Tokens.hmac("alice", Instant.now().minusSeconds(60), GRANTS);
            get("/api/symbols", expired).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("expired"));
            get("/api/symbols", "not.a.token").expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        }

        /** Signed with the right secret, but without a subject or an expiry: refused like an invalid token. */
        static Stream<Arguments> tokensMissingARequiredClaim() {
            Instant exp = Instant.now().plusSeconds(600);
            return Stream.of(
                    Arguments.of("no exp", Tokens.token("alice", exp).without("exp").claim("tickwire", GRANTS).hmac(),
                            "exp"),
                    Arguments.of("no sub", Tokens.token("alice", exp).without("sub").claim("tickwire", GRANTS).hmac(),
                            "sub"),
                    Arguments.of("empty sub", Tokens.token("", exp).claim("tickwire", GRANTS).hmac(), "sub"),
                    Arguments.of("blank sub", Tokens.token("  ", exp).claim("tickwire", GRANTS).hmac(), "sub"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("tokensMissingARequiredClaim")
        void aTokenWithoutSubjectOrExpiryIsRefused401OnEveryTransport(String refusal, String bad, String claim) {
            for (String path : List.of("/api/symbols", "/sse?symbols=AAPL", "/api/quotes/poll?symbols=AAPL")) {
                get(path, bad).expectStatus().isUnauthorized().expectBody()
                        .jsonPath("$.code").isEqualTo("UNAUTHENTICATED")
                        .jsonPath("$.message").value(m -> assertThat((String) m).contains(claim));
            }
            RawHandshake ws = RawHandshake.to(port, "/ws?access_token=" + bad, null);
            assertThat(ws.status()).isEqualTo(401);
            assertThat(ws.body()).contains("\"code\":\"UNAUTHENTICATED\"").contains(claim);
        }

        @Test
        void healthAndTheDashboardStayOpenAndMetricsWantTheirOwnCredential() {
            get("/actuator/health", null).expectStatus().isOk();
            get("/", null).expectStatus().isOk();
            get("/actuator/prometheus", null).expectStatus().isUnauthorized();
            // A client's JWT is not a metrics credential: the scrape endpoint does not even read it.
            get("/actuator/prometheus", token).expectStatus().isUnauthorized();
            http.get().uri("/actuator/prometheus").headers(h -> h.setBasicAuth("prometheus", "scrape-me")).exchange()
                    .expectStatus().isOk();
        }
    }

    /** A handshake with an {@code Origin}: the status it gets (101 once upgraded). */
    int handshake(String origin, String query) {
        try {
            HttpClient.create().headers(h -> {
                if (origin != null) {
                    h.set("Origin", origin);
                }
            }).websocket().uri("ws://127.0.0.1:" + port + "/ws" + query).handle((in, out) -> Mono.<Void>empty())
                    .blockLast(TIMEOUT);
            return 101;
        }
        catch (WebSocketClientHandshakeException e) {
            return e.response().status().code();
        }
    }

    @Nested
    class FromABrowser {

        @Test
        void aPageOfAnotherOriginCannotOpenAWebSocketOrAStreamWhateverTokenItHolds() {
            assertThat(handshake("https://evil.example.com", "?access_token=" + token)).isEqualTo(403);
            assertThat(handshake("http://127.0.0.1:" + port, "?access_token=" + token)).isEqualTo(101);
            assertThat(handshake(null, "?access_token=" + token)).as("not a browser").isEqualTo(101);
            http.get().uri("/sse?symbols=AAPL").header("Origin", "https://evil.example.com")
                    .header("Authorization", "Bearer " + token).exchange()
                    .expectStatus().isForbidden().expectBody().jsonPath("$.message")
                    .value(m -> assertThat((String) m).contains("evil.example.com"));
        }

        @Test
        void anotherOriginGetsNoCorsHeadersForTheApi() {
            get("/api/symbols", token).expectHeader().doesNotExist("Access-Control-Allow-Origin");
            http.get().uri("/api/symbols").header("Origin", "https://evil.example.com")
                    .header("Authorization", "Bearer " + token).exchange()
                    .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        }
    }

    @Nested
    class WithAToken {

        @Test
        void theHeaderAndTheAccessTokenParameterBothLetIn() {
            get("/api/symbols", token).expectStatus().isOk();
            get("/api/symbols?access_token=" + token, null).expectStatus().isOk();
        }

        @Test
        void theSymbolListHoldsOnlyWhatTheCallerMaySee() {
            get("/api/symbols", token).expectStatus().isOk().expectBody()
                    .jsonPath("$[*].symbol").value(s -> assertThat((List<String>) s)
                            .containsExactlyInAnyOrder("AAPL", "MSFT", "SPY", "QQQ"));
        }

        @Test
        void aSnapshotNamingASymbolNotGrantedIsRefusedWhole403AndTheWildcardIsTheGrantedOnes() {
            feed.emit("TSLA");
            feed.emit("AAPL");
            get("/api/quotes?symbols=AAPL,TSLA", token).expectStatus().isForbidden().expectBody()
                    .jsonPath("$.code").isEqualTo("NOT_ENTITLED").jsonPath("$.symbols[0]").isEqualTo("TSLA");
            get("/api/quotes", token).expectStatus().isOk().expectBody()
                    .jsonPath("$.quotes[*].symbol").value(s -> assertThat((List<String>) s).doesNotContain("TSLA")
                            .contains("AAPL"));
            get("/api/quotes/poll?symbols=TSLA", token).expectStatus().isEqualTo(HttpStatus.FORBIDDEN);
        }

        @Test
        void anSseStreamNamingASymbolNotGrantedIsRefused403AndAWildcardStreamCarriesOnlyGrantedOnes() {
            try (SseClient refused = SseClient.open(port, "/sse?symbols=AAPL,NVDA&access_token=" + token)) {
                assertThat(refused.awaitRefusal(403).code()).isEqualTo("NOT_ENTITLED");
            }
            try (SseClient all = SseClient.open(port, "/sse?symbols=*", Map.of("Authorization", "Bearer " + token))) {
                all.awaitAck();
                feed.emit("TSLA");
                feed.emit("NVDA");
                Quote spy = feed.emit("SPY");
                List<Message> got = all.quotesThrough(spy.seq());
                assertThat(got).extracting(Message::symbol).doesNotContain("TSLA", "NVDA", "IBM");
            }
        }

        @Test
        void aWebSocketSubscribeGetsTheGrantedSymbolsAndNotEntitledForTheRest() {
            try (WsClient ws = WsClient.connect(port, "?access_token=" + token)) {
                ws.subscribe("1", symbols("AAPL", "TSLA", "MSFT"));
                StreamClient.Refusal refusal = ws.awaitRefusal();
                assertThat(refusal.code()).isEqualTo("NOT_ENTITLED");
                assertThat(refusal.message()).contains("TSLA");
                Message ack = ws.awaitAck();
                assertThat(ack.body().path("symbols").toString()).isEqualTo("[\"AAPL\",\"MSFT\"]");
                feed.emit("TSLA");
                Quote msft = feed.emit("MSFT");
                assertThat(ws.quotesThrough(msft.seq())).extracting(Message::symbol).containsOnly("MSFT");
            }
        }

        @Test
        void standardClaimsGrantNothingWhereTheGatewayIsNotToldToReadThem() {
            String standard = Tokens.token("carol", Instant.now().plusSeconds(600))
                    .claim("scope", "openid tickwire:symbols:* tickwire:admin")
                    .claim("scp", List.of("tickwire:symbols:*"))
                    .claim("roles", List.of("us-etf")).claim("groups", List.of("us-etf"))
                    .claim("realm_access", Map.of("roles", List.of("us-etf"))).hmac();
            get("/api/symbols", standard).expectStatus().isOk().expectBody().jsonPath("$").isEmpty();
            get("/api/quotes?symbols=SPY", standard).expectStatus().isForbidden().expectBody()
                    .jsonPath("$.code").isEqualTo("NOT_ENTITLED");
        }

        @Test
        void aResumeOfEverythingReplaysOnlyGrantedSymbols() {
            feed.emit("TSLA");
            feed.emit("QQQ");
            feed.emit("IBM");
            try (WsClient ws = WsClient.connect(port, "?access_token=" + token)) {
                ws.subscribe("1", symbols("*").since(0));
                ws.awaitAck();
                Quote marker = feed.emit("AAPL");
                assertThat(ws.quotesThrough(marker.seq())).extracting(Message::symbol)
                        .isSubsetOf("AAPL", "MSFT", "SPY", "QQQ").contains("QQQ");
            }
        }
    }
}
