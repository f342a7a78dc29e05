package io.tickwire.feed.simulator;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Instrument;

/**
 * How the simulator moves one symbol.
 *
 * @param info       the symbol and its name
 * @param startPrice the day's opening price, USD
 * @param volatility annualised volatility of the mid price, e.g. {@code 0.30} for 30 %
 */
public record SymbolProfile(Instrument info, double startPrice, double volatility) {

    public SymbolProfile {
        if (!(startPrice > 0) || !(volatility > 0 && volatility < 5)) {
            throw new IllegalArgumentException("bad profile for " + info.symbol()
                    + ": price=" + startPrice + " volatility=" + volatility);
        }
    }

    public String symbol() {
        return info.symbol();
    }
}
