package io.tickwire.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.Quote;
import io.tickwire.feed.simulator.QuoteGenerator;
import io.tickwire.feed.simulator.SymbolUniverse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class QuoteJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final QuoteJson json = new QuoteJson();

    @Test
    void writesTheContractsFieldsInOrderWithPricesOnTwoDecimals() {
        Quote q = new Quote("BRK.B", 1234567, 1763712000123456L, 189.3, 189.33, 189.32, 300, 200, 100, 1203400, 188.1);
        assertThat(new String(json.encode(q), StandardCharsets.US_ASCII)).isEqualTo(
                "{\"type\":\"quote\",\"symbol\":\"BRK.B\",\"seq\":1234567,\"ts\":1763712000123456,"
                        + "\"bid\":189.30,\"ask\":189.33,\"last\":189.32,\"bidSize\":300,\"askSize\":200,"
                        + "\"lastSize\":100,\"volume\":1203400,\"open\":188.10}");
    }

    @Test
    void everySimulatedQuoteReadsBackAsItself() throws Exception {
        QuoteGenerator g = new QuoteGenerator(SymbolUniverse.parse("2000").profiles(), 50_000, 1.0, 3, 1);
        for (int i = 0; i < 100_000; i++) {
            Quote q = g.next(1_763_712_000_000_000L + i);
            JsonNode n = mapper.readTree(json.encode(q));
            Quote back = new Quote(n.get("symbol").asText(), n.get("seq").asLong(), n.get("ts").asLong(),
                    n.get("bid").asDouble(), n.get("ask").asDouble(), n.get("last").asDouble(),
                    n.get("bidSize").asLong(), n.get("askSize").asLong(), n.get("lastSize").asLong(),
                    n.get("volume").asLong(), n.get("open").asDouble());
            assertThat(back).isEqualTo(q);
            assertThat(n.get("type").asText()).isEqualTo("quote");
        }
    }

    @Test
    void largeAndSmallNumbersAreWrittenExactly() throws Exception {
        Quote q = new Quote("X", Quote.MAX_SEQ, Long.MAX_VALUE, 0.01, 99999.99, 0.05, 1, 1, 1, 0, 1234567.89);
        JsonNode n = mapper.readTree(json.encode(q));
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
