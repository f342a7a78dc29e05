package io.tickwire.system.contract;

import static io.tickwire.system.contract.ContractDocument.ASYNCAPI;
import static io.tickwire.system.contract.ContractDocument.OPENAPI;
import static io.tickwire.system.contract.ContractDocument.assertPlainNumbers;
import static io.tickwire.system.contract.ContractDocument.json;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.RawWebSocket;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamRequest;
import io.tickwire.gateway.support.Tokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Publishing over HTTP (PROTOCOL.md §8) on real nodes that take it, held to the documents:
 * {@code POST /api/instruments} and {@code /api/publish}, each success and each refusal, against
 * docs/openapi.yaml (the requests sent against its request schemas too); and the instruments and
 * quotes of every kind they bring (FX at five and three decimals, crypto with fractional sizes, a
 * future on a 0.25 tick) as {@code /api/symbols}, {@code /ws}, {@code /sse}, the snapshot, the
 * long-poll and the bars show them, against both documents, each price at its instrument's digits.
 */
class PublishContractTest {

    /** One instrument of each kind, as a publisher defines them: what is left out defaults. */
    static final String INSTRUMENTS = """
            [{"symbol":"AAPL","name":"Apple Inc."},
             {"symbol":"SPY","name":"SPDR S&P 500 ETF Trust","type":"etf"},
             {"symbol":"EUR/USD","name":"Euro / US Dollar","type":"fx","tickSize":0.00001},
             {"symbol":"USD/JPY","name":"US Dollar / Japanese Yen","type":"fx","currency":"JPY","tickSize":0.001},
             {"symbol":"BTC-USD","name":"Bitcoin","type":"crypto","tickSize":0.01,"sizeDecimals":8},
             {"symbol":"ESZ6","name":"E-mini S&P 500 Dec 2026","type":"future","tickSize":0.25},
             {"symbol":"SPX","name":"S&P 500","type":"index"},
             {"symbol":"XETR:SAP","name":"SAP SE","type":"other","currency":"EUR","tickSize":0.01}]""";
    static final List<String> SYMBOLS = List.of("AAPL", "SPY", "EUR/USD", "USD/JPY", "BTC-USD", "ESZ6", "SPX",
            "XETR:SAP");

    /** How many {@link #quotes()} were made: each call's volumes are higher, the crypto one by a fraction. */
    static final AtomicInteger CALLS = new AtomicInteger();

    /** One quote of each instrument, as a publisher writes them (an equity's price as 189.3). */
    static String quotes() {
        int step = CALLS.incrementAndGet();
        return "[" + String.join(",",
                quote("AAPL", "189.3", "189.33", "300", String.valueOf(1_203_400 + step)),
                quote("SPY", "601.12", "601.13", "500", String.valueOf(900_000 + step)),
                quote("EUR/USD", "1.08345", "1.08347", "1000000", "5000000000"),
                quote("USD/JPY", "151.2", "151.203", "2000000", "800000000"),
                quote("BTC-USD", "97123.45", "97123.46", "0.0153",
                        new BigDecimal("12345.67891234").add(BigDecimal.valueOf(step, 2)).toPlainString()),
                quote("ESZ6", "6012.25", "6012.5", "12", String.valueOf(1_500_000 + step)),
                quote("SPX", "6010.01", "6010.02", "1", "1"),
                quote("XETR:SAP", "234.1", "234.15", "40", String.valueOf(1_000 + step))) + "]";
    }

    static String quote(String symbol, String bid, String ask, String size, String volume) {
        return "{\"symbol\":\"" + symbol + "\",\"bid\":" + bid + ",\"ask\":" + ask + ",\"last\":" + ask + ",\"bidSize\":"
                + size + ",\"askSize\":" + size + ",\"lastSize\":" + size + ",\"volume\":" + volume + ",\"open\":" + bid
                + "}";
    }

    /** Fails unless {@code quote}'s prices have exactly its instrument's decimals, and its sizes at most its size decimals. */
    static void assertAtItsPrecision(JsonNode quote, Map<String, JsonNode> instruments) {
        JsonNode instrument = instruments.get(quote.get("symbol").asText());
        assertThat(instrument).as("an instrument of %s", quote).isNotNull();
        for (String price : List.of("bid", "ask", "last", "open")) {
            assertThat(quote.get(price).decimalValue().scale()).as("%s of %s", price, quote)
                    .isEqualTo(instrument.get("priceDecimals").asInt());
        }
        for (String size : List.of("bidSize", "askSize", "lastSize", "volume")) {
            assertThat(quote.get(size).decimalValue().scale()).as("%s of %s", size, quote)
                    .isLessThanOrEqualTo(instrument.get("sizeDecimals").asInt());
        }
    }

    /** A node fed by its users only, with publishing opened ({@code tickwire.publish.enabled}), authentication off. */
    @Nested
    @SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
            properties = {"tickwire.feed.source=http", "tickwire.publish.enabled=true", "tickwire.feed.stall-limit=1h"})
    class OnAnOpenNode {

        @LocalServerPort
        int port;
        ApiClient api;

        @BeforeEach
        void defineEveryKind() {
            api = new ApiClient(port);
            OPENAPI.assertValid(ApiClient.requestSchema("/api/instruments"), json(INSTRUMENTS));
            assertThat(api.post("/api/instruments", INSTRUMENTS, null, 200).body().get("count").asInt())
                    .isEqualTo(SYMBOLS.size());
        }

        /** POSTs one quote of each instrument, the request held to its schema; the 200's body. */
        JsonNode publish() {
            String body = quotes();
            OPENAPI.assertValid(ApiClient.requestSchema("/api/publish"), json(body));
            JsonNode published = api.post("/api/publish", body, null, 200).body();
            assertThat(published.get("count").asInt()).isEqualTo(SYMBOLS.size());
            assertThat(published.get("lastSeq").asLong() - published.get("firstSeq").asLong())
                    .as("consecutive seqs").isEqualTo(SYMBOLS.size() - 1);
            return published;
        }

        /** symbol -> its §1a object, as {@code /api/symbols} lists it (validated). */
        Map<String, JsonNode> instruments() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            api.get("/api/symbols", "", 200).body().forEach(i -> out.put(i.get("symbol").asText(), i));
            return out;
        }

        @Test
        void theInstrumentsOfEveryKindAreListedAsTheInstrumentSchemaSays() {
            Map<String, JsonNode> listed = instruments();
            assertThat(listed.keySet()).containsAll(SYMBOLS);
            assertThat(listed.values()).extracting(i -> i.get("type").asText())
                    .contains("equity", "etf", "fx", "crypto", "future", "index", "other");
            assertThat(listed.get("EUR/USD").get("tickSize").decimalValue()).isEqualByComparingTo("0.00001");
            assertThat(listed.get("BTC-USD").get("sizeDecimals").asInt()).isEqualTo(8);
            assertThat(listed.get("AAPL").get("priceDecimals").asInt()).as("defaults").isEqualTo(2);
        }

        @Test
        void publishedQuotesOfEveryKindMatchTheirSchemaInEveryWebSocketFrame() {
            Map<String, JsonNode> instruments = instruments();
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                ws.send(RawWebSocket.text(StreamRequest.symbols(SYMBOLS.toArray(String[]::new)).wsSubscribe("all")));
                JsonNode published = null;
                Map<String, JsonNode> latest = new LinkedHashMap<>();
                boolean acked = false;
                boolean through = false;
                while (!through) {
                    String frame = ws.nextText();
                    assertPlainNumbers(frame);
                    JsonNode messages = json(frame);
                    ASYNCAPI.assertValid("/components/schemas/Frame", messages);
                    for (JsonNode m : messages.isArray() ? messages : List.of(messages)) {
                        String type = m.get("type").asText();
                        ASYNCAPI.assertValid("/components/messages/" + type + "/payload", m);
                        acked |= type.equals("subscribed");
                        if (type.equals("quote")) {
                            assertAtItsPrecision(m, instruments);
                            latest.put(m.get("symbol").asText(), m);
                            through |= published != null && m.get("seq").asLong() == published.get("lastSeq").asLong();
                        }
                    }
                    // Published once the subscription is in place: its quotes come live, after the snapshot.
                    if (acked && published == null) {
                        published = publish();
                    }
                }
                long first = published.get("firstSeq").asLong();
                assertThat(latest.values()).allMatch(q -> q.get("seq").asLong() >= first);
                assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
                assertThat(latest.get("BTC-USD").get("bidSize").decimalValue()).as("a fractional size")
                        .isEqualByComparingTo("0.0153");
                assertThat(latest.get("EUR/USD").get("bid").decimalValue().toPlainString()).isEqualTo("1.08345");
            }
        }

        @Test
        void publishedQuotesOfEveryKindMatchTheirSchemaAsSseEvents() {
            Map<String, JsonNode> instruments = instruments();
            try (SseClient sse = SseClient.open(port, StreamRequest.symbols(SYMBOLS.toArray(String[]::new)).ssePath())) {
                sse.awaitAck();
                long last = publish().get("lastSeq").asLong();
                Map<String, JsonNode> latest = new LinkedHashMap<>();
                for (Message q : sse.quotesThrough(last)) {
                    ASYNCAPI.assertValid("/components/messages/sseQuote/payload", q.body());
                    assertThat(q.eventId()).isEqualTo(String.valueOf(q.seq()));
                    assertAtItsPrecision(q.body(), instruments);
                    latest.put(q.symbol(), q.body());
                }
                assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
                assertThat(latest.get("BTC-USD").get("lastSize").decimalValue()).isEqualByComparingTo("0.0153");
            }
        }

        @Test
        void publishedQuotesOfEveryKindMatchTheEnvelopeInTheSnapshotAndTheLongPoll() {
            Map<String, JsonNode> instruments = instruments();
            long first = publish().get("firstSeq").asLong();
            String symbols = String.join(",", SYMBOLS);
            JsonNode snapshot = api.get("/api/quotes", "?symbols=" + symbols, 200).body();
            JsonNode poll = api.get("/api/quotes/poll", "?symbols=" + symbols + "&since=" + (first - 1) + "&timeout=5", 200)
                    .body();
            for (JsonNode answer : List.of(snapshot, poll)) {
                assertThat(answer.get("quotes")).extracting(q -> q.get("symbol").asText())
                        .containsExactlyInAnyOrderElementsOf(SYMBOLS);
                answer.get("quotes").forEach(q -> assertAtItsPrecision(q, instruments));
            }
        }

        @Test
        void barsCarryTheInstrumentsPrecisionAndFractionalVolumes() {
            // A node serves no bar of the interval it started in: publish until a whole second has bars.
            await().atMost(PATIENCE).untilAsserted(() -> {
                publish();
                JsonNode crypto = api.get("/api/bars", "?symbol=BTC-USD&interval=1s", 200).body();
                assertThat(crypto.get("priceDecimals").asInt()).isEqualTo(2);
                assertThat(crypto.get("sizeDecimals").asInt()).isEqualTo(8);
                assertThat(crypto.get("bars")).isNotEmpty()
                        .anyMatch(b -> b.get("v").decimalValue().stripTrailingZeros().scale() > 0);
                JsonNode fx = api.get("/api/bars", "?symbol=EUR/USD", 200).body();
                assertThat(fx.get("priceDecimals").asInt()).isEqualTo(5);
                assertThat(fx.get("bars")).isNotEmpty().allMatch(b -> b.get("c").decimalValue().scale() == 5);
            });
            api.get("/api/bars", "?symbol=USD/JPY&interval=1m", 200);
        }

        @Test
        void aBadQuoteRefusesTheRequestNamingItsIndex() {
            String offTick = "[" + quote("AAPL", "189.30", "189.31", "100", "1") + ","
                    + quote("ESZ6", "6012.1", "6012.5", "1", "1") + "]";
            ApiClient.Answer refused = api.post("/api/publish", offTick, null, 400);
            assertThat(refused.code()).isEqualTo("BAD_QUOTE");
            assertThat(refused.body().get("index").asInt()).isEqualTo(1);
            assertThat(refused.body().get("message").asText())
                    .isEqualTo("quotes[1] (ESZ6): bid 6012.1 is not a multiple of the tick 0.25");
            String finer = "[" + quote("BTC-USD", "97123.45", "97123.46", "0.000000001", "1") + "]";
            assertThat(api.post("/api/publish", finer, null, 400).body().get("index").asInt()).isZero();
        }

        @Test
        void aBadInstrumentRefusesTheRequestNamingItsIndex() {
            ApiClient.Answer refused = api.post("/api/instruments",
                    "[{\"symbol\":\"GOOD\"},{\"symbol\":\"X\",\"tickSize\":0.005,\"priceDecimals\":2}]", null, 400);
            assertThat(refused.code()).isEqualTo("BAD_INSTRUMENT");
            assertThat(refused.body().get("index").asInt()).isEqualTo(1);
            assertThat(api.post("/api/instruments", "[{\"symbol\":\"Y\",\"type\":\"bond\"}]", null, 400)
                    .body().get("index").asInt()).isZero();
        }

        @Test
        void aBodyThatIsNotAnArrayOfObjectsOrIsEmptyIsABadRequest() {
            for (String path : List.of("/api/publish", "/api/instruments")) {
                for (String body : List.of("{\"symbol\":\"AAPL\"}", "[]", "not json")) {
                    assertThat(api.post(path, body, null, 400).code()).as("%s %s", path, body).isEqualTo("BAD_REQUEST");
                }
            }
        }

        @Test
        void moreThanTenThousandItemsIsLimitExceededAndABodyOverFourMegabytesIs413() {
            String one = quote("AAPL", "189.30", "189.31", "100", "1");
            assertThat(api.post("/api/publish", "[" + String.join(",", Collections.nCopies(10_001, one)) + "]", null, 400)
                    .code()).isEqualTo("LIMIT_EXCEEDED");
            assertThat(api.post("/api/instruments", "[" + String.join(",",
                    Collections.nCopies(10_001, "{\"symbol\":\"AAPL\"}")) + "]", null, 400).code())
                    .isEqualTo("LIMIT_EXCEEDED");
            List<String> padded = new ArrayList<>(Collections.nCopies(9_000,
                    one.replace("}", ",\"note\":\"" + "x".repeat(450) + "\"}")));
            assertThat(api.post("/api/publish", "[" + String.join(",", padded) + "]", null, 413).code())
                    .isEqualTo("LIMIT_EXCEEDED");
        }
    }

    /** Authentication off and {@code tickwire.publish.enabled} not set: publishing is closed. */
    @Nested
    @SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
            properties = {"tickwire.feed.source=http"})
    class OnANodeWherePublishingIsClosed {

        @LocalServerPort
        int port;

        @Test
        void nobodyMayPublishOrDefine() {
            ApiClient api = new ApiClient(port);
            for (String path : List.of("/api/instruments", "/api/publish")) {
                ApiClient.Answer refused = api.post(path, "[{\"symbol\":\"BTC-USD\"}]", null, 403);
                assertThat(refused.code()).isEqualTo("NOT_ENTITLED");
                assertThat(refused.body().has("symbols")).as("no symbol is at fault").isFalse();
            }
        }
    }

    /** Authentication on: a token's {@code publish} list decides. */
    @Nested
    @SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT, properties = {
        "tickwire.feed.source=http", "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET})
    class WithAuthenticationOn {

        @LocalServerPort
        int port;

        @Test
        void aTokenWhosePublishListCoversTheSymbolsDefinesAndOneThatDoesNotIsRefusedNamingThem() {
            ApiClient api = new ApiClient(port);
            String feeder = Tokens.hmac("feeder", Instant.now().plusSeconds(600),
                    Map.of("symbols", List.of("*"), "publish", List.of("BTC-*")));
            String btc = "[{\"symbol\":\"BTC-USD\",\"type\":\"crypto\",\"sizeDecimals\":8}]";
            assertThat(api.post("/api/instruments", btc, feeder, 200).body().get("count").asInt()).isOne();
            ApiClient.Answer refused = api.post("/api/instruments",
                    "[{\"symbol\":\"BTC-EUR\"},{\"symbol\":\"EUR/USD\",\"type\":\"fx\",\"tickSize\":0.00001}]", feeder, 403);
            assertThat(refused.code()).isEqualTo("NOT_ENTITLED");
            assertThat(refused.body().get("symbols")).extracting(JsonNode::asText).containsExactly("EUR/USD");
            assertThat(api.post("/api/publish", "[" + quote("BTC-USD", "97123.45", "97123.46", "0.5", "1") + "]", null,
                    401).code()).isEqualTo("UNAUTHENTICATED");
        }
    }

    /** A cluster node whose Redis cannot be reached: what is published to it is refused, to be sent again. */
    @Nested
    @SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT, properties = {
        "tickwire.feed.source=redis", "tickwire.publish.enabled=true", "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=1"})
    class OnAClusterNodeWhoseRedisIsDown {

        @LocalServerPort
        int port;

        @Test
        void publishingIsFeedUnavailableWithRetryAfter() {
            ApiClient api = new ApiClient(port);
            ApiClient.Answer refused = api.post("/api/publish",
                    "[" + quote("AAPL", "189.30", "189.31", "100", "1") + "]", null, 503);
            assertThat(refused.code()).isEqualTo("FEED_UNAVAILABLE");
            assertThat(refused.headers().getFirst("Retry-After")).isNotNull();
            assertThat(api.post("/api/instruments", "[{\"symbol\":\"AAPL\"}]", null, 503).code())
                    .isEqualTo("FEED_UNAVAILABLE");
        }
    }
}
