package io.tickwire.feed.simulator;

import io.tickwire.feed.InstrumentType;

/**
 * Where a kind of instrument trades, as far as the simulator cares: the hours over which its
 * annualised volatility is spread, how tight its quotes are, and how often a quote comes with a
 * trade.
 *
 * <p>The simulated clock runs without pause, so the hours decide how fast a price moves per
 * simulated second: an equity's 30 % a year is spent over 252 sessions of 6.5 hours, a coin's
 * 60 % over 365 days of 24 hours, a currency pair's 7 % over 260 days of 24 hours. That is what
 * makes a day of EUR/USD move a fraction of a day of BTC-USD.
 *
 * <p>The spread is one tick plus a fraction of the price that grows with the symbol's rank in
 * its universe, from {@link #tightestSpreadBp()} for the most active symbol to
 * {@link #widestSpreadBp()} for the least, and one more tick on one quote in five.
 */
public enum Venue {

    /** US stock exchanges: 252 sessions of 6.5 hours; spreads of 0.2 to 5 bp over a cent. */
    STOCK_EXCHANGE(252, 6.5, 0.2, 5.0, 0.30),
    /** The interbank currency market: 24 hours, 260 days a year; majors within a pip. */
    FX_MARKET(260, 24, 0.2, 2.0, 0.15),
    /** Crypto exchanges: around the clock, 365 days a year. */
    CRYPTO_EXCHANGE(365, 24, 0.05, 3.0, 0.40),
    /** A futures exchange's electronic session (CME Globex): 23 hours, 252 days a year; mostly one tick wide. */
    FUTURES_EXCHANGE(252, 23, 0.0, 0.5, 0.35);

    private final double secondsPerYear;
    private final double tightestSpreadBp;
    private final double widestSpreadBp;
    private final double tradeProbability;

    Venue(double tradingDays, double hoursPerDay, double tightestSpreadBp, double widestSpreadBp,
          double tradeProbability) {
        this.secondsPerYear = tradingDays * hoursPerDay * 3600;
        this.tightestSpreadBp = tightestSpreadBp;
        this.widestSpreadBp = widestSpreadBp;
        this.tradeProbability = tradeProbability;
    }

    /** Where an instrument of this type trades: indices and others are read as stocks. */
    public static Venue of(InstrumentType type) {
        return switch (type) {
            case FX -> FX_MARKET;
            case CRYPTO -> CRYPTO_EXCHANGE;
            case FUTURE -> FUTURES_EXCHANGE;
            case EQUITY, ETF, INDEX, OTHER -> STOCK_EXCHANGE;
        };
    }

    /** Trading seconds in a year: the time over which an annualised volatility is spent. */
    public double secondsPerYear() {
        return secondsPerYear;
    }

    /** Spread over one tick of the most active symbol, in basis points of the price. */
    public double tightestSpreadBp() {
        return tightestSpreadBp;
    }

    /** Spread over one tick of the least active symbol, in basis points of the price. */
    public double widestSpreadBp() {
        return widestSpreadBp;
    }

    /** The share of quotes that report a new trade. */
    public double tradeProbability() {
        return tradeProbability;
    }

    /**
     * The spread over one tick, as a fraction of the price, of the symbol at {@code rank}
     * (0 the most active) among {@code universeSize}.
     */
    double spreadFraction(int rank, int universeSize) {
        double position = (double) rank / Math.max(1, universeSize - 1);
        return (tightestSpreadBp + (widestSpreadBp - tightestSpreadBp) * position) * 1e-4;
    }
}
