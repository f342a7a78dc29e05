package io.tickwire.system.client;

import static io.tickwire.system.support.AppRecorder.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Transport;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.system.support.AppRecorder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * {@link TickwireClient} against a node fed over HTTP (PROTOCOL.md §8) with instruments of several
 * kinds: the instrument list gives each symbol's precision, and the quotes of an FX pair and a
 * crypto pair arrive over each transport with their prices and fractional sizes exactly as
 * published, so formatting them at the instrument's decimals gives the publisher's digits back.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
        properties = {"tickwire.feed.source=http", "tickwire.publish.enabled=true", "tickwire.feed.stall-limit=1h"})
class ClientInstrumentsTest {

    static final String INSTRUMENTS = """
            [{"symbol":"AAPL","name":"Apple Inc."},
             {"symbol":"EUR/USD","name":"Euro / US Dollar","type":"fx","tickSize":0.00001},
             {"symbol":"USD/JPY","name":"US Dollar / Japanese Yen","type":"fx","currency":"JPY","tickSize":0.001},
             {"symbol":"BTC-USD","name":"Bitcoin","type":"crypto","tickSize":0.01,"sizeDecimals":8}]""";
    static final String QUOTES = """
            [{"symbol":"EUR/USD","bid":1.08345,"ask":1.08347,"last":1.08346,"bidSize":1000000,"askSize":2000000,
              "lastSize":1000000,"volume":5000000000,"open":1.0811},
             {"symbol":"USD/JPY","bid":151.2,"ask":151.203,"last":151.201,"bidSize":2000000,"askSize":1000000,
              "lastSize":500000,"volume":800000000,"open":150.998},
             {"symbol":"BTC-USD","bid":97123.45,"ask":97123.46,"last":97123.46,"bidSize":0.0153,"askSize":1.2,
              "lastSize":0.00000001,"volume":12345.67891234,"open":95000}]""";

    @LocalServerPort
    int port;

    TickwireClient client(Transport transport) {
        return TickwireClient.builder("http://127.0.0.1:" + port).transport(transport)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
    }

    JsonNode post(String path, String body) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(TIMEOUT).build()
                .post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @BeforeEach
    void define() {
        post("/api/instruments", INSTRUMENTS);
    }

    static Map<String, Instrument> bySymbol(List<Instrument> list) {
        Map<String, Instrument> out = new LinkedHashMap<>();
        list.forEach(i -> out.put(i.symbol(), i));
        return out;
    }

    /** {@code value} written with exactly {@code decimals} places; fails if the double holds more. */
    static String at(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals).toPlainString();
    }

    @Test
    void theInstrumentListGivesEachSymbolsKindAndPrecision() {
        StepVerifier.create(client(Transport.WEBSOCKET).instruments().map(ClientInstrumentsTest::bySymbol))
                .assertNext(listed -> {
                    assertThat(listed.get("EUR/USD")).isEqualTo(
                            new Instrument("EUR/USD", "Euro / US Dollar", InstrumentType.FX, "USD", 0.00001, 5, 0));
                    assertThat(listed.get("USD/JPY").currency()).isEqualTo("JPY");
                    assertThat(listed.get("USD/JPY").priceDecimals()).isEqualTo(3);
                    assertThat(listed.get("BTC-USD")).isEqualTo(
                            new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8));
                    assertThat(listed.get("AAPL")).isEqualTo(Instrument.equity("AAPL", "Apple Inc."));
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void quotesOfAnFxAndACryptoPairArriveAtTheirInstrumentsDigits(Transport transport) {
        TickwireClient client = client(transport);
        Map<String, Instrument> instruments = bySymbol(client.instruments().block(TIMEOUT));
        try (AppRecorder app = new AppRecorder(client, "EUR/USD", "USD/JPY", "BTC-USD")) {
            app.awaitLive(1);
            JsonNode published = post("/api/publish", QUOTES);
            long first = published.get("firstSeq").asLong();
            app.awaitSeq(published.get("lastSeq").asLong());
            Map<String, Quote> got = new LinkedHashMap<>();
            app.quotes.stream().filter(q -> q.seq() >= first).forEach(q -> got.put(q.symbol(), q));
            assertThat(got.keySet()).containsExactlyInAnyOrder("EUR/USD", "USD/JPY", "BTC-USD");

            Quote eur = got.get("EUR/USD");
            int fx = instruments.get("EUR/USD").priceDecimals();
            assertThat(List.of(at(eur.bid(), fx), at(eur.ask(), fx), at(eur.open(), fx)))
                    .containsExactly("1.08345", "1.08347", "1.08110");
            Quote jpy = got.get("USD/JPY");
            assertThat(at(jpy.bid(), instruments.get("USD/JPY").priceDecimals())).isEqualTo("151.200");
            Quote btc = got.get("BTC-USD");
            int sizes = instruments.get("BTC-USD").sizeDecimals();
            assertThat(at(btc.bid(), instruments.get("BTC-USD").priceDecimals())).isEqualTo("97123.45");
            assertThat(List.of(at(btc.bidSize(), sizes), at(btc.lastSize(), sizes), at(btc.volume(), sizes)))
                    .containsExactly("0.01530000", "0.00000001", "12345.67891234");
            assertThat(app.error.get()).isNull();
        }
    }
}
