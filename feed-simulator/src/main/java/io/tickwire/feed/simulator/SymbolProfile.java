package io.tickwire.feed.simulator;

import io.tickwire.feed.Instrument;
import java.util.Objects;

/**
 * How the simulator moves one symbol: the instrument it quotes (whose tick and decimals every
 * quote keeps), where the day opens, how much the price moves and over which hours, and how big
 * its quotes and trades are.
 *
 * @param instrument the symbol, its name, type, currency and precision
 * @param startPrice the day's opening price, in the instrument's currency; rounded to its tick
 * @param volatility annualised volatility of the mid price, e.g. {@code 0.30} for 30 %, spent over
 *                   the {@link Venue#secondsPerYear() trading hours} of {@code venue}
 * @param venue      where it trades: the time basis of the volatility, the spread and the trade rate
 * @param sizes      its quote and trade sizes, in units of the instrument's size precision
 */
public record SymbolProfile(Instrument instrument, double startPrice, double volatility, Venue venue,
                            SizeModel sizes) {

    public SymbolProfile {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(sizes, "sizes");
        if (!(startPrice >= instrument.tickSize()) || Double.isInfinite(startPrice)
                || !(volatility > 0 && volatility < 5)) {
            throw new IllegalArgumentException("bad profile for " + instrument.symbol()
                    + ": price=" + startPrice + " volatility=" + volatility);
        }
    }

    /** A profile trading where its instrument's type trades ({@link Venue#of}). */
    public static SymbolProfile of(Instrument instrument, double startPrice, double volatility, SizeModel sizes) {
        return new SymbolProfile(instrument, startPrice, volatility, Venue.of(instrument.type()), sizes);
    }

    /** A US equity ({@link Instrument#equity}) quoted in round lots on a stock exchange. */
    public static SymbolProfile equity(String symbol, String name, double startPrice, double volatility) {
        return new SymbolProfile(Instrument.equity(symbol, name), startPrice, volatility, Venue.STOCK_EXCHANGE,
                SizeModel.ROUND_LOTS);
    }

    public String symbol() {
        return instrument.symbol();
    }
}
