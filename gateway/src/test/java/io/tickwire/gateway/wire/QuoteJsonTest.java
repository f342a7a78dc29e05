package io.tickwire.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import io.tickwire.feed.simulator.QuoteGenerator;
import io.tickwire.feed.simulator.SymbolUniverse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuoteJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final QuoteJson json = new QuoteJson();

    static final Instrument EQUITY = Instrument.equity("X", "X");

    @Test
    void writesTheContractsFieldsInOrderWithAnEquitysPricesOnTwoDecimals() {
        Quote q = new Quote("BRK.B", 1234567, 1763712000123456L, 189.3, 189.33, 189.32, 300, 200, 100, 1203400, 188.1);
        assertThat(new String(json.encode(q, EQUITY), StandardCharsets.US_ASCII)).isEqualTo(
                "{\"type\":\"quote\",\"symbol\":\"BRK.B\",\"seq\":1234567,\"ts\":1763712000123456,"
                        + "\"bid\":189.30,\"ask\":189.33,\"last\":189.32,\"bidSize\":300,\"askSize\":200,"
                        + "\"lastSize\":100,\"volume\":1203400,\"open\":188.10}");
    }

    @Test
    void writesEachMarketAtItsInstrumentsPrecision() {
        Instrument fx = new Instrument("USD/JPY", "US Dollar / Japanese Yen", InstrumentType.FX, "JPY", 0.001, 3, 0);
        Quote q = new Quote("USD/JPY", 7, 9, 151.2, 151.203, 151.2, 1_000_000, 2_000_000, 500_000, 3e9, 150.875);
        assertThat(new String(json.encode(q, fx), StandardCharsets.US_ASCII)).isEqualTo(
                "{\"type\":\"quote\",\"symbol\":\"USD/JPY\",\"seq\":7,\"ts\":9,\"bid\":151.200,\"ask\":151.203,"
                        + "\"last\":151.200,\"bidSize\":1000000,\"askSize\":2000000,\"lastSize\":500000,"
                        + "\"volume\":3000000000,\"open\":150.875}");
        Instrument btc = new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8);
        Quote b = new Quote("BTC-USD", 8, 9, 97123.45, 97123.46, 97123.46, 0.0153, 1.5, 0.00000001, 12_345.6789, 95000);
        assertThat(new String(json.encode(b, btc), StandardCharsets.US_ASCII)).contains(
                "\"bid\":97123.45,\"ask\":97123.46,\"last\":97123.46,\"bidSize\":0.0153,\"askSize\":1.5,"
                        + "\"lastSize\":0.00000001,\"volume\":12345.6789,\"open\":95000.00}");
    }

    @Test
    void refusesAQuoteOffItsTickOrFinerThanItsPrecision() {
        Instrument es = new Instrument("ESZ6", "E-mini", InstrumentType.FUTURE, "USD", 0.25, 2, 0);
        assertThat(json.encode(new Quote("ESZ6", 1, 1, 6012.25, 6012.5, 6012.25, 1, 1, 1, 1, 6000), es)).isNotNull();
        assertThat(json.encode(new Quote("ESZ6", 1, 1, 6012.1, 6012.5, 6012.25, 1, 1, 1, 1, 6000), es)).isNull();
        assertThat(json.encode(new Quote("ESZ6", 1, 1, 6012.25, 6012.5, 6012.25, 1.5, 1, 1, 1, 6000), es)).isNull();
        assertThat(json.encode(new Quote("X", 1, 1, 1.001, 1.01, 1.01, 1, 1, 1, 1, 1), EQUITY)).isNull();
    }

    @Test
    void everySimulatedQuoteReadsBackAsItself() throws Exception {
        SymbolUniverse universe = SymbolUniverse.parse("2000");
        Map<String, Instrument> instruments = new HashMap<>();
        universe.instruments().forEach(i -> instruments.put(i.symbol(), i));
        QuoteGenerator g = new QuoteGenerator(universe.profiles(), 50_000, 1.0, 3, 1);
        for (int i = 0; i < 100_000; i++) {
            Quote q = g.next(1_763_712_000_000_000L + i);
            JsonNode n = mapper.readTree(json.encode(q, instruments.get(q.symbol())));
            Quote back = new Quote(n.get("symbol").asText(), n.get("seq").asLong(), n.get("ts").asLong(),
                    n.get("bid").asDouble(), n.get("ask").asDouble(), n.get("last").asDouble(),
                    n.get("bidSize").asDouble(), n.get("askSize").asDouble(), n.get("lastSize").asDouble(),
                    n.get("volume").asDouble(), n.get("open").asDouble());
            assertThat(back).isEqualTo(q);
            assertThat(n.get("type").asText()).isEqualTo("quote");
        }
    }

    @Test
    void largeAndSmallNumbersAreWrittenExactly() throws Exception {
        Quote q = new Quote("X", Quote.MAX_SEQ, Long.MAX_VALUE, 0.01, 99999.99, 0.05, 1, 1, 1, 0, 1234567.89);
        JsonNode n = mapper.readTree(json.encode(q, EQUITY));
        assertThat(n.get("seq").asLong()).isEqualTo(Quote.MAX_SEQ);
        assertThat(n.get("ts").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(n.get("bid").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(n.get("ask").decimalValue()).isEqualByComparingTo("99999.99");
        assertThat(n.get("open").decimalValue()).isEqualByComparingTo("1234567.89");
        assertThat(n.get("volume").asLong()).isZero();
        Iterator<String> names = n.fieldNames();
        assertThat(names).toIterable().containsExactly("type", "symbol", "seq", "ts", "bid", "ask", "last",
                "bidSize", "askSize", "lastSize", "volume", "open");
    }
}
