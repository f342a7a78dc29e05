package io.tickwire.system.dashboard;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.support.ManualQuoteFeed;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A gateway carrying 500 instruments of every kind, fed by a {@link ManualQuoteFeed} the test
 * drives: a few named ones of each precision first (an equity, an ETF, FX pairs at 5 and 3
 * decimals, coins with sizes to 8 decimals, a future on a 0.25 tick, an index), then numbered ones
 * of each kind, and last a pair priced in whole yen. The dashboard tests that import it share one
 * gateway, so each emits what it asserts on.
 */
@TestConfiguration(proxyBeanMethods = false)
class MixedMarketConfiguration {

    static final int SIZE = 500;

    static final List<Instrument> NAMED = List.of(
            Instrument.equity("AAPL", "Apple Inc."),
            new Instrument("SPY", "SPDR S&P 500 ETF Trust", InstrumentType.ETF, "USD", 0.01, 2, 0),
            new Instrument("EUR/USD", "Euro / US Dollar", InstrumentType.FX, "USD", 0.00001, 5, 0),
            new Instrument("USD/JPY", "US Dollar / Japanese Yen", InstrumentType.FX, "JPY", 0.001, 3, 0),
            new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8),
            new Instrument("ETH-USD", "Ethereum", InstrumentType.CRYPTO, "USD", 0.01, 2, 8),
            new Instrument("ESZ6", "E-mini S&P 500 Dec 2026", InstrumentType.FUTURE, "USD", 0.25, 2, 0),
            new Instrument("XETR:SAP", "SAP SE", InstrumentType.EQUITY, "EUR", 0.01, 2, 0),
            new Instrument("SPX", "S&P 500 Index", InstrumentType.INDEX, "USD", 0.01, 2, 0));

    /** The 500th instrument: priced in whole yen, sizes to 8 decimals. */
    static final Instrument LAST = new Instrument("XBT/JPY", "Bitcoin / Japanese Yen", InstrumentType.CRYPTO, "JPY",
            1, 0, 8);

    static final List<Instrument> INSTRUMENTS = instruments();

    @Bean
    @Primary
    ManualQuoteFeed manualQuoteFeed() {
        return new ManualQuoteFeed(INSTRUMENTS);
    }

    private static List<Instrument> instruments() {
        List<Instrument> all = new ArrayList<>(NAMED);
        for (int i = 1; all.size() < SIZE - 1; i++) {
            String n = String.format("%03d", i);
            all.add(switch (i % 4) {
                case 0 -> new Instrument("F" + n + "/USD", "Pair " + n, InstrumentType.FX, "USD", 0.00001, 5, 0);
                case 1 -> new Instrument("C" + n + "-USD", "Coin " + n, InstrumentType.CRYPTO, "USD", 0.01, 2, 8);
                case 2 -> new Instrument("FUT" + n, "Future " + n, InstrumentType.FUTURE, "USD", 0.25, 2, 0);
                default -> Instrument.equity("EQ" + n, "Equity " + n + " Inc.");
            });
        }
        all.add(LAST);
        return List.copyOf(all);
    }

    /** Publishes a quote with the feed's next seq; returns it. */
    static Quote emit(ManualQuoteFeed feed, String symbol, double bid, double ask, double last, double bidSize,
                      double askSize, double lastSize, double volume, double open) {
        long seq = feed.lastSeq() + 1;
        feed.skipTo(seq);
        Quote q = new Quote(symbol, seq, Timestamps.nowMicros(), bid, ask, last, bidSize, askSize, lastSize, volume,
                open);
        feed.emit(q);
        return q;
    }

    /** Publishes a valid quote of {@code instrument} at 100 and 100 plus a tick, with sizes of 1; returns it. */
    static Quote emitAny(ManualQuoteFeed feed, Instrument instrument) {
        double ask = 100 + instrument.tickSize();
        return emit(feed, instrument.symbol(), 100, ask, 100, 1, 1, 1, 1, 100);
    }
}
