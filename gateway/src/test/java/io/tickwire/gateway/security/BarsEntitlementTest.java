package io.tickwire.gateway.security;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/bars} with authentication on: a caller gets a symbol's bars only if its token
 * grants the symbol, refused as {@code /api/quotes} refuses it. A gateway of its own, configured
 * as {@link AuthenticationTest}'s: the quotes here would show in that one's snapshots.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET,
    "tickwire.auth.groups.us-etf=SPY,QQQ", "tickwire.auth.metrics-password=scrape-me",
    "tickwire.client.max-symbols=5", "tickwire.history.second-bars=60"})
@Import(ManualFeedConfiguration.class)
class BarsEntitlementTest {

    private static final Duration TIMEOUT = PATIENCE;

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    WebTestClient http;
    /** AAPL only. */
    String token;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(TIMEOUT).build();
        token = Tokens.hmac("bob", Instant.now().plusSeconds(600), Tokens.grants(List.of("AAPL"), List.of()));
        // A second after the next boundary: the gateway's first, partial second has no bar to serve.
        long ts = (Timestamps.nowMicros() / 1_000_000 + 2) * 1_000_000;
        for (String symbol : List.of("AAPL", "TSLA")) {
            Quote q = ManualQuoteFeed.quote(symbol, feed.lastSeq() + 1);
            feed.skipTo(q.seq());
            feed.emit(new Quote(symbol, q.seq(), ts, q.bid(), q.ask(), q.last(), q.bidSize(), q.askSize(),
                    q.lastSize(), q.volume(), q.open()));
        }
    }

    @Test
    void aGrantedSymbolsBarsAreServed() {
        http.get().uri("/api/bars?symbol=AAPL").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.symbol").isEqualTo("AAPL")
                .jsonPath("$.bars.length()").value(n -> assertThat((Integer) n).isPositive());
    }

    @Test
    void aSymbolTheTokenDoesNotGrantIs403NotEntitledWithNoBars() {
        http.get().uri("/api/bars?symbol=TSLA").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_ENTITLED")
                .jsonPath("$.symbols[0]").isEqualTo("TSLA")
                .jsonPath("$.bars").doesNotExist();
    }

    @Test
    void anUnknownSymbolIsStillUnknownAndNoTokenIs401() {
        http.get().uri("/api/bars?symbol=NOPE").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_SYMBOL");
        http.get().uri("/api/bars?symbol=AAPL").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
    }
}
