package io.tickwire.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/bars} over real HTTP on a running gateway whose feed the test drives, with
 * small windows (20 one-second bars, 5 one-minute bars). Each test charts a symbol of its own, at
 * times after the gateway started.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tickwire.history.second-bars=20", "tickwire.history.minute-bars=5"})
@Import(ManualFeedConfiguration.class)
class BarsApiTest {

    static final long SECOND = 1_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** A minute boundary ahead of the gateway's start, in µs. */
    static final long T0 = (Timestamps.nowMicros() / MINUTE + 2) * MINUTE;
    static final AtomicLong SEQ = new AtomicLong(1_000_000);

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    void quote(String symbol, long ts, double last, long volume) {
        feed.emit(new Quote(symbol, SEQ.incrementAndGet(), ts, last, last + 0.01, last, 100, 100, 10, volume, last));
    }

    JsonNode get(String query) {
        byte[] body = client().get().uri("/api/bars?" + query).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        try {
            return MAPPER.readTree(body);
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Served {

        @Test
        void oneSecondBarsAsTheContractShapesThemOldestFirst() {
            quote("AAPL", T0 + 10, 189.31, 10_000);
            quote("AAPL", T0 + 400_000, 189.40, 10_800);
            quote("AAPL", T0 + 900_000, 189.30, 11_200);
            quote("AAPL", T0 + 2 * SECOND + 5, 189.35, 11_500);
            String raw = client().get().uri("/api/bars?symbol=aapl").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(raw).as("prices on the tick with two decimals").contains("\"c\":189.30,");
            JsonNode r = get("symbol=aapl");
            assertThat(r.path("symbol").asText()).isEqualTo("AAPL");
            assertThat(r.path("interval").asText()).isEqualTo("1s");
            assertThat(r.path("from").asLong() % 1000).isZero();
            assertThat(r.path("from").asLong()).isLessThanOrEqualTo(T0 / 1000);
            JsonNode bars = r.path("bars");
            assertThat(bars).hasSize(2);
            assertThat(bars.get(0).toString())
                    .isEqualTo("{\"t\":" + T0 / 1000 + ",\"o\":189.31,\"h\":189.4,\"l\":189.3,\"c\":189.3,\"v\":1200}");
            assertThat(bars.get(1).toString())
                    .isEqualTo("{\"t\":" + (T0 + 2 * SECOND) / 1000 + ",\"o\":189.35,\"h\":189.35,\"l\":189.35,"
                            + "\"c\":189.35,\"v\":300}");
        }

        @Test
        void limitKeepsTheNewestBars() {
            for (int i = 0; i < 30; i++) {
                quote("MSFT", T0 + i * SECOND, 400 + i, 1_000 + 10L * i);
            }
            JsonNode all = get("symbol=MSFT&interval=1s");
            assertThat(all.path("bars")).as("the window").hasSize(20);
            assertThat(all.path("from").asLong()).isEqualTo((T0 + 10 * SECOND) / 1000);
            JsonNode three = get("symbol=MSFT&limit=3");
            assertThat(three.path("bars")).hasSize(3);
            assertThat(three.path("bars").get(0).path("t").asLong()).isEqualTo((T0 + 27 * SECOND) / 1000);
            assertThat(three.path("bars").get(2).path("c").asDouble()).isEqualTo(429.0);
        }

        @Test
        void oneMinuteBarsSpanTheirMinute() {
            quote("TSLA", T0, 250.00, 500);
            quote("TSLA", T0 + 30 * SECOND, 252.50, 700);
            quote("TSLA", T0 + MINUTE + 1, 249.00, 900);
            JsonNode r = get("symbol=TSLA&interval=1m&limit=5");
            assertThat(r.path("interval").asText()).isEqualTo("1m");
            assertThat(r.path("from").asLong() % 60_000).isZero();
            JsonNode bars = r.path("bars");
            assertThat(bars).hasSize(2);
            assertThat(bars.get(0).path("t").asLong()).isEqualTo(T0 / 1000);
            assertThat(bars.get(0).path("h").asDouble()).isEqualTo(252.5);
            assertThat(bars.get(0).path("v").asLong()).isEqualTo(200);
            assertThat(bars.get(1).path("t").asLong()).isEqualTo((T0 + MINUTE) / 1000);
            assertThat(bars.get(1).path("o").asDouble()).isEqualTo(249.0);
        }

        @Test
        void aCarriedSymbolWithoutQuotesHasNoBarsYet() {
            JsonNode r = get("symbol=F");
            assertThat(r.path("bars")).isEmpty();
            assertThat(r.path("from").asLong()).isPositive();
        }
    }

    @Nested
    class Refused {

        @ParameterizedTest(name = "?{0}")
        @ValueSource(strings = {"", "symbol=", "symbol=AAPL,MSFT", "symbol=AAPL&symbol=MSFT", "symbol=*",
            "symbol=AAPL&interval=5m", "symbol=AAPL&interval=", "symbol=AAPL&limit=0", "symbol=AAPL&limit=21",
            "symbol=AAPL&interval=1m&limit=6", "symbol=AAPL&limit=ten", "symbol=AAPL&limit=-1"})
        void aBadRequestIs400WithTheContractsBody(String query) {
            client().get().uri("/api/bars?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("BAD_REQUEST")
                    .jsonPath("$.message").isNotEmpty()
                    .jsonPath("$.bars").doesNotExist();
        }

        @Test
        void anUnknownSymbolIs400UnknownSymbolNamingIt() {
            client().get().uri("/api/bars?symbol=xyz").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("UNKNOWN_SYMBOL")
                    .jsonPath("$.message").isEqualTo("unknown symbol: xyz")
                    .jsonPath("$.symbols[0]").isEqualTo("xyz");
        }
    }
}
