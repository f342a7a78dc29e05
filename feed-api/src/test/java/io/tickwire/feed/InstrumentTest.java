package io.tickwire.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstrumentTest {

    static final Instrument EURUSD = new Instrument("EUR/USD", "Euro / US Dollar", InstrumentType.FX, "USD",
            0.00001, 5, 0);
    static final Instrument BTC = new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8);
    static final Instrument ES = new Instrument("ESZ6", "E-mini S&P 500 Dec 2026", InstrumentType.FUTURE, "USD",
            0.25, 2, 0);

    private static Quote quote(String symbol, double bid, double ask, double size, double volume) {
        return new Quote(symbol, 1, 1, bid, ask, bid, size, size, size, volume, bid);
    }

    @Nested
    class Symbols {

        @Test
        void takeTheShapesOfEveryMarketAndAreCaseSensitive() {
            for (String s : new String[] {"AAPL", "BRK.B", "EUR/USD", "BTC-USD", "ESZ6", "XETR:SAP", "btcusdt",
                    "A_B", "X".repeat(32)}) {
                assertThat(io.tickwire.feed.Symbols.isValid(s)).as(s).isTrue();
            }
            for (String s : new String[] {"", "AAPL US", "X".repeat(33), "A\"B", "A\\B", "Ä", "A,B", "*"}) {
                assertThat(io.tickwire.feed.Symbols.isValid(s)).as(s).isFalse();
            }
        }
    }

    @Nested
    class Definition {

        @Test
        void byNameAloneIsAnEquityInUsdWithACentTickAndWholeShares() {
            Instrument aapl = Instrument.equity("AAPL", "Apple Inc.");
            assertThat(aapl.type()).isEqualTo(InstrumentType.EQUITY);
            assertThat(aapl.currency()).isEqualTo("USD");
            assertThat(aapl.tickSize()).isEqualTo(0.01);
            assertThat(aapl.priceDecimals()).isEqualTo(2);
            assertThat(aapl.sizeDecimals()).isZero();
        }

        @Test
        void keepsItsTickAsTheDecimalItIsAndInUnits() {
            assertThat(EURUSD.tickUnits()).isEqualTo(1);
            assertThat(ES.tickUnits()).isEqualTo(25);
            assertThat(new Instrument("X", "x", InstrumentType.OTHER, "USD", 0.1 + 0.2, 1, 0).tickSize())
                    .isEqualTo(0.3);
        }

        @Test
        void asAPublisherDefinesItTakesWhatIsLeftOutAsAnEquityWouldHaveIt() {
            assertThat(Instrument.define("AAPL", null, null, null, null, null, null))
                    .isEqualTo(Instrument.equity("AAPL", "AAPL"));
            Instrument fx = Instrument.define("EUR/USD", "Euro", InstrumentType.FX, null, 0.00001, null, null);
            assertThat(fx.priceDecimals()).isEqualTo(5);
            assertThat(Instrument.define("ESZ6", null, InstrumentType.FUTURE, null, 0.25, null, null).priceDecimals())
                    .isEqualTo(2);
            assertThat(Instrument.define("X", null, null, null, null, 3, 8).tickSize()).isEqualTo(0.001);
            assertThatThrownBy(() -> Instrument.define("X", null, null, null, 1e-11, null, null))
                    .hasMessageContaining("more than 10 decimals");
        }

        @Test
        void refusesATickThatIsNotAMultipleOfItsDecimals() {
            assertThatThrownBy(() -> new Instrument("X", "x", InstrumentType.OTHER, "USD", 0.005, 2, 0))
                    .hasMessageContaining("tickSize 0.005 must be a positive multiple of 0.01");
            assertThatThrownBy(() -> new Instrument("X", "x", InstrumentType.OTHER, "USD", 0, 2, 0))
                    .hasMessageContaining("positive multiple");
            assertThatThrownBy(() -> new Instrument("X", "x", InstrumentType.OTHER, "USD", 0.01, 11, 0))
                    .hasMessageContaining("priceDecimals must be 0..10");
            assertThatThrownBy(() -> new Instrument("X", "x", InstrumentType.OTHER, "USD", 0.01, 2, 9))
                    .hasMessageContaining("sizeDecimals must be 0..8");
            assertThatThrownBy(() -> new Instrument("X", "x", InstrumentType.OTHER, "usd", 0.01, 2, 0))
                    .hasMessageContaining("currency");
            assertThatThrownBy(() -> new Instrument("X", " ", InstrumentType.OTHER, "USD", 0.01, 2, 0))
                    .hasMessageContaining("name");
        }
    }

    @Nested
    class ReadingAQuote {

        @Test
        void passesPricesOnTheTickAndSizesAtThePrecision() {
            assertThat(EURUSD.refusal(quote("EUR/USD", 1.08345, 1.08347, 1_000_000, 5e9))).isNull();
            assertThat(BTC.refusal(quote("BTC-USD", 97123.45, 97123.46, 0.0153, 12_345.67891234))).isNull();
            assertThat(ES.refusal(quote("ESZ6", 6012.25, 6012.5, 12, 1_500_000))).isNull();
        }

        @Test
        void passesFloatNoiseAsTheDecimalItMeant() {
            assertThat(Instrument.equity("AAPL", "Apple").refusal(quote("AAPL", 0.1 + 0.2, 0.31, 100, 0))).isNull();
            assertThat(EURUSD.refusal(quote("EUR/USD", 108345 * 0.00001, 1.08347, 1, 1))).isNull();
        }

        @Test
        void refusesAPriceOffTheTickOrWithTooManyDecimalsNamingIt() {
            assertThat(ES.refusal(quote("ESZ6", 6012.1, 6012.5, 1, 1)))
                    .isEqualTo("bid 6012.1 is not a multiple of the tick 0.25");
            assertThat(BTC.refusal(quote("BTC-USD", 97123.451, 97123.46, 1, 1)))
                    .isEqualTo("bid 97123.451 has more than 2 decimals");
            assertThat(EURUSD.refusal(quote("EUR/USD", 1.08345, 1.083475, 1, 1)))
                    .isEqualTo("ask 1.083475 has more than 5 decimals");
        }

        @Test
        void refusesASizeFinerThanTheLot() {
            assertThat(Instrument.equity("AAPL", "Apple").refusal(quote("AAPL", 1, 2, 0.5, 1)))
                    .isEqualTo("bidSize 0.5 is not a whole number");
            assertThat(BTC.refusal(quote("BTC-USD", 1, 2, 0.000000001, 1)))
                    .isEqualTo("bidSize 0.000000001 is finer than 0.00000001");
        }
    }
}
