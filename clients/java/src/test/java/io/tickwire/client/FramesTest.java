package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FramesTest {

    static final String AAPL = "{\"type\":\"quote\",\"symbol\":\"AAPL\",\"seq\":1234567,\"ts\":1763712000123456,"
            + "\"bid\":189.31,\"ask\":189.33,\"last\":189.32,\"bidSize\":300,\"askSize\":200,"
            + "\"lastSize\":100,\"volume\":1203400,\"open\":188.10}";

    @Nested
    class AFrame {

        @Test
        void ofOneQuoteGivesThatQuoteWithEveryField() {
            assertThat(Frames.parse(AAPL)).containsExactly(new Inbound.QuoteMessage(new Quote("AAPL", 1_234_567L,
                    1_763_712_000_123_456L, 189.31, 189.33, 189.32, 300, 200, 100, 1_203_400, 188.10)));
        }

        @Test
        void ofAnFxOrCryptoQuoteGivesItsPricesAndFractionalSizesAtTheirDigits() {
            Quote fx = ((Inbound.QuoteMessage) Frames.parse(AAPL.replace("AAPL", "EUR/USD").replace("189.31", "1.08345")
                    .replace("189.33", "1.08347").replace("189.32", "1.08346").replace("188.10", "1.08112")).get(0)).quote();
            assertThat(fx.symbol()).isEqualTo("EUR/USD");
            assertThat(BigDecimal.valueOf(fx.bid()).setScale(5).toPlainString()).isEqualTo("1.08345");
            Quote btc = Frames.quote("{\"type\":\"quote\",\"symbol\":\"BTC-USD\",\"seq\":7,\"ts\":1,\"bid\":97123.45,"
                    + "\"ask\":97123.46,\"last\":97123.46,\"bidSize\":0.0153,\"askSize\":1.2,\"lastSize\":0.00000001,"
                    + "\"volume\":12345.67891234,\"open\":95000.00}");
            assertThat(btc).isEqualTo(new Quote("BTC-USD", 7, 1, 97123.45, 97123.46, 97123.46, 0.0153, 1.2, 0.00000001,
                    12345.67891234, 95000.00));
            assertThat(BigDecimal.valueOf(btc.volume()).setScale(8).toPlainString()).isEqualTo("12345.67891234");
        }

        @Test
        void ofAQuoteOfAnySymbolTheContractAllowsIsRead() {
            for (String symbol : new String[] {"XETR:SAP", "BRK.B", "btcusdt", "ESZ6", "A".repeat(32)}) {
                assertThat(Frames.quote(AAPL.replace("AAPL", symbol)).symbol()).isEqualTo(symbol);
            }
            assertThatThrownBy(() -> Frames.quote(AAPL.replace("AAPL", "AAPL US"))).hasMessageContaining("bad quote");
        }

        @Test
        void ofAnArrayGivesEachMessageInOrder() {
            String msft = AAPL.replace("AAPL", "MSFT").replace("1234567", "1234568");
            List<Inbound> got = Frames.parse("[" + AAPL + "," + msft + ",{\"type\":\"heartbeat\",\"ts\":1,\"seq\":9}]");
            assertThat(got).hasSize(3);
            assertThat(((Inbound.QuoteMessage) got.get(0)).quote().seq()).isEqualTo(1_234_567L);
            assertThat(((Inbound.QuoteMessage) got.get(1)).quote().symbol()).isEqualTo("MSFT");
            assertThat(((Inbound.Control) got.get(2)).type()).isEqualTo("heartbeat");
        }

        @Test
        void ofAnErrorGivesItsCodeAndSymbols() {
            Inbound.Control c = (Inbound.Control) Frames.parse("{\"type\":\"error\",\"id\":\"1\",\"code\":\"UNKNOWN_SYMBOL\","
                    + "\"message\":\"unknown symbol: XYZ\",\"symbols\":[\"XYZ\"]}").get(0);
            assertThat(c).isEqualTo(new Inbound.Control("error", "1", "UNKNOWN_SYMBOL", "unknown symbol: XYZ",
                    List.of("XYZ"), 0));
        }

        @Test
        void ofAnAuthenticatedReplyGivesItsExp() {
            assertThat(((Inbound.Control) Frames.parse("{\"type\":\"authenticated\",\"id\":\"auth\",\"exp\":1893456000}")
                    .get(0)).exp()).isEqualTo(1_893_456_000L);
        }

        @Test
        void thatBreaksTheContractIsRefusedWithAMessageNamingIt() {
            assertThatThrownBy(() -> Frames.parse("not json")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid JSON: not json");
            assertThatThrownBy(() -> Frames.parse("[1]")).hasMessageContaining("not an object");
            assertThatThrownBy(() -> Frames.parse("{\"seq\":1}")).hasMessageContaining("without a type");
            assertThatThrownBy(() -> Frames.parse(AAPL.replace("\"bid\":189.31", "\"bid\":\"x\"")))
                    .hasMessageContaining("bid missing or not a number");
            assertThatThrownBy(() -> Frames.parse(AAPL.replace("189.31", "189.40")))
                    .hasMessageContaining("bad quote").hasMessageContaining("bid < ask");
            assertThatThrownBy(() -> Frames.parse("x".repeat(10_000))).hasMessageContaining("(10000 chars)");
        }
    }

    @Nested
    class TheInstrumentList {

        @Test
        void givesEachInstrumentWithItsPrecision() {
            List<Instrument> list = Frames.instruments("[{\"symbol\":\"EUR/USD\",\"name\":\"Euro / US Dollar\","
                    + "\"type\":\"fx\",\"currency\":\"USD\",\"tickSize\":0.00001,\"priceDecimals\":5,\"sizeDecimals\":0},"
                    + "{\"symbol\":\"BTC-USD\",\"name\":\"Bitcoin\",\"type\":\"crypto\",\"currency\":\"USD\","
                    + "\"tickSize\":0.01,\"priceDecimals\":2,\"sizeDecimals\":8},"
                    + "{\"symbol\":\"ESZ6\",\"name\":\"E-mini S&P 500 Dec 2026\",\"type\":\"future\",\"currency\":\"USD\","
                    + "\"tickSize\":0.25,\"priceDecimals\":2,\"sizeDecimals\":0}]");
            assertThat(list).containsExactly(
                    new Instrument("EUR/USD", "Euro / US Dollar", InstrumentType.FX, "USD", 0.00001, 5, 0),
                    new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8),
                    new Instrument("ESZ6", "E-mini S&P 500 Dec 2026", InstrumentType.FUTURE, "USD", 0.25, 2, 0));
        }

        @Test
        void ofAnOlderGatewayGivesEquitiesAndATypeNotKnownHereIsOther() {
            assertThat(Frames.instruments("[{\"symbol\":\"AAPL\",\"name\":\"Apple Inc.\"}]"))
                    .containsExactly(Instrument.equity("AAPL", "Apple Inc."));
            assertThat(Frames.instruments("[{\"symbol\":\"X\",\"name\":\"X\",\"type\":\"option\",\"currency\":\"USD\","
                    + "\"tickSize\":0.05,\"priceDecimals\":2,\"sizeDecimals\":0}]").get(0).type())
                    .isEqualTo(InstrumentType.OTHER);
        }

        @Test
        void thatBreaksTheContractIsRefusedNamingTheInstrument() {
            assertThatThrownBy(() -> Frames.instruments("{}")).hasMessageContaining("not an array");
            assertThatThrownBy(() -> Frames.instruments("[{\"name\":\"no symbol\"}]"))
                    .hasMessageContaining("bad instrument (symbol missing or not a string)");
            assertThatThrownBy(() -> Frames.instruments("[{\"symbol\":\"X\",\"tickSize\":0.005,\"priceDecimals\":2}]"))
                    .hasMessageContaining("bad instrument").hasMessageContaining("tickSize 0.005");
            assertThatThrownBy(() -> Frames.instruments("[{\"symbol\":\"X\",\"priceDecimals\":\"2\"}]"))
                    .hasMessageContaining("priceDecimals not an integer");
        }
    }

    @Nested
    class ALongPollAnswer {

        @Test
        void givesItsCursorAndItsQuotesInSeqOrder() {
            String msft = AAPL.replace("AAPL", "MSFT").replace("1234567", "1234560");
            Frames.Polled answer = Frames.polled("{\"seq\":1234567,\"quotes\":[" + AAPL + "," + msft + "]}");
            assertThat(answer.seq()).isEqualTo(1_234_567L);
            assertThat(answer.quotes()).extracting(Quote::symbol, Quote::seq)
                    .containsExactly(tuple("MSFT", 1_234_560L), tuple("AAPL", 1_234_567L));
        }

        @Test
        void withNoQuotesGivesTheCursorAlone() {
            assertThat(Frames.polled("{\"seq\":42,\"quotes\":[]}")).isEqualTo(new Frames.Polled(42, List.of()));
        }

        @Test
        void thatIsNotTheContractsEnvelopeIsRefusedNamingWhy() {
            assertThatThrownBy(() -> Frames.polled("[" + AAPL + "]")).hasMessageContaining("without a quotes list");
            assertThatThrownBy(() -> Frames.polled("{\"quotes\":[]}")).hasMessageContaining("without a seq");
            assertThatThrownBy(() -> Frames.polled("{\"seq\":1,\"quotes\":[1]}")).hasMessageContaining("not an object");
            assertThatThrownBy(() -> Frames.polled("{\"seq\":1,\"quotes\":[{\"type\":\"quote\"}]}"))
                    .hasMessageContaining("bad quote");
        }
    }

    @Nested
    class AnOp {

        @Test
        void subscribeCarriesSinceAndMaxRateOnlyWhenSet() {
            assertThat(Frames.subscribe("s", List.of("AAPL", "MSFT"), -1, null))
                    .isEqualTo("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"AAPL\",\"MSFT\"]}");
            assertThat(Frames.subscribe("s", List.of("AAPL"), 42, 2))
                    .isEqualTo("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"AAPL\"],\"since\":42,\"maxRate\":2}");
        }

        @Test
        void authCarriesTheToken() {
            assertThat(Frames.auth("a", "t.o.k")).isEqualTo("{\"op\":\"auth\",\"id\":\"a\",\"token\":\"t.o.k\"}");
        }
    }

    @Test
    void anHttpRefusalsBodyGivesItsCodeOrNothingIfItIsNotTheContractsJson() {
        Inbound.Control c = Frames.refusal("{\"code\":\"NOT_ENTITLED\",\"message\":\"no\",\"symbols\":[\"MSFT\"]}");
        assertThat(c.code()).isEqualTo("NOT_ENTITLED");
        assertThat(c.symbols()).containsExactly("MSFT");
        assertThat(Frames.refusal("<html>502 Bad Gateway</html>").code()).isNull();
    }
}
