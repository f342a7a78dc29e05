package io.tickwire.gateway.publish;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.StreamRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A single node fed only by its users ({@code tickwire.feed.source=http}, PROTOCOL.md §8), with a
 * real HTTP client publishing and real clients reading: equities, FX, crypto and futures reach
 * every transport at their instruments' exact digits, and a request with one bad quote publishes
 * nothing and says which and why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tickwire.feed.source=http", "tickwire.publish.enabled=true", "tickwire.feed.stall-limit=1h"})
class PublishOverHttpTest {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    static final String INSTRUMENTS = """
            [{"symbol":"AAPL","name":"Apple Inc."},
             {"symbol":"EUR/USD","name":"Euro / US Dollar","type":"fx","tickSize":0.00001},
             {"symbol":"USD/JPY","name":"US Dollar / Japanese Yen","type":"fx","currency":"JPY","tickSize":0.001},
             {"symbol":"BTC-USD","name":"Bitcoin","type":"crypto","tickSize":0.01,"sizeDecimals":8},
             {"symbol":"ESZ6","name":"E-mini S&P 500 Dec 2026","type":"future","tickSize":0.25}]""";
    static final List<String> SYMBOLS = List.of("AAPL", "EUR/USD", "USD/JPY", "BTC-USD", "ESZ6");

    @LocalServerPort
    int port;

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(PATIENCE)
                .build();
    }

    /** POSTs {@code body} to {@code path}; the status and the JSON answer. */
    Answer post(String path, String body) {
        WebTestClient.ResponseSpec r = client().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
        byte[] bytes = r.expectBody().returnResult().getResponseBody();
        return new Answer(r.returnResult(Void.class).getStatus().value(), json(new String(bytes, StandardCharsets.UTF_8)));
    }

    record Answer(int status, JsonNode body) {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One quote of each market, as a publisher writes it (an equity's price as 189.3, a future's as 6012.5). */
    static String quotes(int step) {
        return "[" + String.join(",",
                quote("AAPL", "189.3", "189.33", "300", "1203400"),
                quote("EUR/USD", "1.08345", "1.08347", "1000000", "5000000000"),
                quote("USD/JPY", "151.2", "151.203", "2000000", "800000000"),
                quote("BTC-USD", "97123.45", "97123.46", "0.0153", "12345.67891234"),
                quote("ESZ6", "6012.25", "6012.5", "12", String.valueOf(1_500_000 + step))) + "]";
    }

    static String quote(String symbol, String bid, String ask, String size, String volume) {
        return "{\"symbol\":\"" + symbol + "\",\"bid\":" + bid + ",\"ask\":" + ask + ",\"last\":" + ask + ",\"bidSize\":"
                + size + ",\"askSize\":" + size + ",\"lastSize\":" + size + ",\"volume\":" + volume + ",\"open\":" + bid
                + "}";
    }

    /** symbol -> the digits of each field as the gateway wrote them. */
    static Map<String, String> digits(JsonNode quote) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : List.of("bid", "ask", "last", "bidSize", "askSize", "lastSize", "volume", "open")) {
            out.put(f, quote.get(f).isBigDecimal() ? quote.get(f).decimalValue().toPlainString() : quote.get(f).asText());
        }
        return out;
    }

    /** What every transport must show for {@link #quotes}: each market at its own precision. */
    static void assertExactDigits(String symbol, JsonNode quote) {
        Map<String, String> d = digits(quote);
        switch (symbol) {
            case "AAPL" -> assertThat(d).containsEntry("bid", "189.30").containsEntry("ask", "189.33")
                    .containsEntry("bidSize", "300").containsEntry("open", "189.30");
            case "EUR/USD" -> assertThat(d).containsEntry("bid", "1.08345").containsEntry("ask", "1.08347")
                    .containsEntry("volume", "5000000000");
            case "USD/JPY" -> assertThat(d).containsEntry("bid", "151.200").containsEntry("ask", "151.203");
            case "BTC-USD" -> assertThat(d).containsEntry("bid", "97123.45").containsEntry("bidSize", "0.0153")
                    .containsEntry("volume", "12345.67891234");
            case "ESZ6" -> assertThat(d).containsEntry("bid", "6012.25").containsEntry("ask", "6012.50")
                    .containsEntry("bidSize", "12");
            default -> throw new AssertionError(symbol);
        }
    }

    @BeforeEach
    void define() {
        Answer a = post("/api/instruments", INSTRUMENTS);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        assertThat(a.body().get("count").asInt()).isEqualTo(5);
    }

    @Test
    void theInstrumentsAreListedWithTheirPrecision() {
        JsonNode list = json(client().get().uri("/api/symbols").exchange().expectBody(String.class).returnResult()
                .getResponseBody());
        Map<String, JsonNode> bySymbol = new LinkedHashMap<>();
        list.forEach(i -> bySymbol.put(i.get("symbol").asText(), i));
        assertThat(bySymbol.keySet()).containsAll(SYMBOLS);
        assertThat(bySymbol.get("EUR/USD").get("tickSize").decimalValue().toPlainString()).isEqualTo("0.00001");
        assertThat(bySymbol.get("EUR/USD").get("priceDecimals").asInt()).isEqualTo(5);
        assertThat(bySymbol.get("USD/JPY").get("currency").asText()).isEqualTo("JPY");
        assertThat(bySymbol.get("BTC-USD").get("sizeDecimals").asInt()).isEqualTo(8);
        assertThat(bySymbol.get("ESZ6").get("tickSize").decimalValue().toPlainString()).isEqualTo("0.25");
        assertThat(bySymbol.get("AAPL").get("type").asText()).isEqualTo("equity");
    }

    @Nested
    class EveryMarketReachesEveryTransportAtItsDigits {

        @Test
        void overWebSocketAndSse() {
            for (Transport t : List.of(Transport.WS, Transport.SSE)) {
                try (StreamClient c = StreamClient.open(t, port, StreamRequest.symbols(SYMBOLS.toArray(String[]::new)),
                        Message.NO_FEED)) {
                    c.awaitAck();
                    Answer published = post("/api/publish", quotes(1));
                    assertThat(published.status()).as(published.body().toString()).isEqualTo(200);
                    long last = published.body().get("lastSeq").asLong();
                    assertThat(published.body().get("count").asInt()).isEqualTo(5);
                    assertThat(last - published.body().get("firstSeq").asLong()).isEqualTo(4);
                    List<Message> got = c.quotesThrough(last);
                    Map<String, JsonNode> latest = new LinkedHashMap<>();
                    got.stream().filter(m -> m.seq() >= last - 4).forEach(m -> latest.put(m.symbol(), m.body()));
                    assertThat(latest.keySet()).as(t.name()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
                    latest.forEach(PublishOverHttpTest::assertExactDigits);
                }
            }
        }

        @Test
        void inSnapshotsLongPollsAndBars() {
            // Stamped no earlier than the first bar this node serves whole (a node just started serves none before it).
            long fromMs = json(client().get().uri("/api/bars?symbol={s}", "EUR/USD").exchange().expectBody(String.class)
                    .returnResult().getResponseBody()).get("from").asLong();
            long ts = Math.max(Timestamps.nowMicros(), fromMs * 1000);
            Answer published = post("/api/publish", quotes(2).replace("{\"symbol\"", "{\"ts\":" + ts + ",\"symbol\""));
            long first = published.body().get("firstSeq").asLong();
            String symbols = String.join(",", SYMBOLS);
            JsonNode snapshot = json(client().get().uri("/api/quotes?symbols={s}", symbols).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            assertThat(snapshot.get("quotes")).hasSize(5);
            snapshot.get("quotes").forEach(q -> assertExactDigits(q.get("symbol").asText(), q));

            PollClient.Answer poll = new PollClient(port).poll("?symbols=" + URLEncoder.encode(symbols, StandardCharsets.UTF_8)
                    + "&since=" + (first - 1)
                    + "&timeout=5").block(PATIENCE);
            assertThat(poll.quotes()).hasSize(5);
            poll.quotes().forEach(m -> assertExactDigits(m.symbol(), m.body()));

            JsonNode bars = json(client().get().uri("/api/bars?symbol={s}", "EUR/USD")
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            assertThat(bars.get("priceDecimals").asInt()).isEqualTo(5);
            JsonNode bar = bars.get("bars").get(bars.get("bars").size() - 1);
            assertThat(bar.get("c").decimalValue().toPlainString()).isEqualTo("1.08347");
        }
    }

    @Nested
    class ARefusedRequestPublishesNothingAndSaysWhichQuoteAndWhy {

        long seqBefore() {
            return json(client().get().uri("/api/quotes").exchange().expectBody(String.class).returnResult()
                    .getResponseBody()).get("seq").asLong();
        }

        void assertRefused(String bad, String message) {
            long before = seqBefore();
            Answer a = post("/api/publish", "[" + quote("AAPL", "189.30", "189.31", "100", "1") + "," + bad + "]");
            assertThat(a.status()).as(a.body().toString()).isEqualTo(400);
            assertThat(a.body().get("code").asText()).isEqualTo("BAD_QUOTE");
            assertThat(a.body().get("index").asInt()).isEqualTo(1);
            assertThat(a.body().get("message").asText()).isEqualTo(message);
            assertThat(seqBefore()).as("the good quote before it was not published either").isEqualTo(before);
        }

        @Test
        void aPriceOffTheTick() {
            assertRefused(quote("ESZ6", "6012.1", "6012.5", "1", "1"),
                    "quotes[1] (ESZ6): bid 6012.1 is not a multiple of the tick 0.25");
        }

        @Test
        void aPriceWithTooManyDecimals() {
            assertRefused(quote("EUR/USD", "1.08345", "1.083475", "1", "1"),
                    "quotes[1] (EUR/USD): ask 1.083475 has more than 5 decimals");
        }

        @Test
        void aSizeFinerThanTheLot() {
            assertRefused(quote("AAPL", "189.30", "189.31", "0.5", "1"),
                    "quotes[1] (AAPL): bidSize 0.5 is not a whole number");
            assertRefused(quote("BTC-USD", "97123.45", "97123.46", "0.000000001", "1"),
                    "quotes[1] (BTC-USD): bidSize 0.000000001 is finer than 0.00000001");
        }

        @Test
        void anUnknownOrMalformedSymbol() {
            assertRefused(quote("NOPE", "1", "2", "1", "1"),
                    "quotes[1] (NOPE): unknown symbol (define it with POST /api/instruments)");
            assertRefused(quote("AAPL US", "1", "2", "1", "1"),
                    "quotes[1] (AAPL US): symbol must match [A-Za-z0-9._:/-]{1,32}");
        }

        @Test
        void aBidNotBelowTheAskOrAFieldMissing() {
            assertRefused(quote("EUR/USD", "1.08347", "1.08347", "1", "1"), "quotes[1] (EUR/USD): bid must be < ask");
            assertRefused("{\"symbol\":\"AAPL\",\"bid\":1}", "quotes[1] (AAPL): missing ask");
            assertRefused(quote("AAPL", "189.30", "189.31", "1", "1").replace("{", "{\"seq\":5,"),
                    "quotes[1] (AAPL): seq must be left out: the gateway stamps it");
        }

        @Test
        void aBodyThatIsNotAnArrayOfAtMostTenThousandQuotesOrOverFourMegabytes() {
            assertThat(post("/api/publish", "{\"symbol\":\"AAPL\"}").body().get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(post("/api/publish", "[]").status()).isEqualTo(400);
            String one = quote("AAPL", "189.30", "189.31", "100", "1");
            Answer tooMany = post("/api/publish", "[" + String.join(",", Collections.nCopies(10_001, one)) + "]");
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.body().get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
            List<String> padded = new ArrayList<>(Collections.nCopies(9_000, one.replace("}", ",\"note\":\""
                    + "x".repeat(400) + "\"}")));
            Answer tooLarge = post("/api/publish", "[" + String.join(",", padded) + "]");
            assertThat(tooLarge.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE.value());
            assertThat(tooLarge.body().get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        }

        @Test
        void aBadInstrumentDefinesNoneOfItsRequest() {
            Answer a = post("/api/instruments", "[{\"symbol\":\"GOOD\"},{\"symbol\":\"X\",\"tickSize\":0.005,"
                    + "\"priceDecimals\":2}]");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body().get("code").asText()).isEqualTo("BAD_INSTRUMENT");
            assertThat(a.body().get("index").asInt()).isEqualTo(1);
            assertThat(a.body().get("message").asText())
                    .isEqualTo("instruments[1] (X): tickSize 0.005 must be a positive multiple of 0.01 (priceDecimals 2)");
            client().get().uri("/api/quotes?symbols=GOOD").exchange().expectStatus().isBadRequest();
        }
    }

    @Test
    void anInstrumentRedefinedWhileTheNodeRunsTakesQuotesAtItsNewPrecision() {
        String offTick = "[" + quote("ESZ6", "6012.1", "6012.5", "1", "1") + "]";
        assertThat(post("/api/publish", offTick).status()).isEqualTo(400);
        assertThat(post("/api/instruments", "[{\"symbol\":\"ESZ6\",\"type\":\"future\",\"tickSize\":0.1}]").status())
                .isEqualTo(200);
        Answer a = post("/api/publish", offTick);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        JsonNode q = json(client().get().uri("/api/quotes?symbols=ESZ6").exchange().expectBody(String.class)
                .returnResult().getResponseBody()).get("quotes").get(0);
        assertThat(q.get("bid").decimalValue().toPlainString()).as("a 0.1 tick has one decimal").isEqualTo("6012.1");
    }
}
