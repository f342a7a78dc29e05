package io.tickwire.feed.simulator;

import io.tickwire.feed.Decimals;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * How big a symbol's quotes and trades are, in whole units of its instrument's size precision
 * ({@code 10^-sizeDecimals}): a size is one lot plus an exponentially distributed number of
 * lots, so most are near the typical size and a few are much larger, up to {@link #maxLots()}.
 *
 * <p>An equity quotes in round lots of 100 shares; a currency pair in lots of 100,000 of its
 * base currency; a future in whole contracts; a coin in lots of one unit of its precision
 * (a satoshi for BTC-USD), so its sizes are fractional, as {@code 0.31415926}.
 *
 * @param lot            the size increment, in units, {@code >= 1}
 * @param bookExtraLots  mean number of lots over one at the bid and at the ask
 * @param tradeExtraLots mean number of lots over one in a trade
 * @param maxLots        the most lots in one size; {@code lot * maxLots} is below {@link Decimals#MAX_UNITS}
 */
public record SizeModel(long lot, double bookExtraLots, double tradeExtraLots, long maxLots) {

    /** US equities: round lots of 100 shares, typically 600 at the bid or ask and 300 in a trade. */
    public static final SizeModel ROUND_LOTS = typical(100, 600, 300);

    public SizeModel {
        if (lot < 1 || !(bookExtraLots >= 0) || !(tradeExtraLots >= 0) || maxLots < 1
                || maxLots > Decimals.MAX_UNITS / lot) {
            throw new IllegalArgumentException("bad size model: lot=" + lot + " book=" + bookExtraLots
                    + " trade=" + tradeExtraLots + " max=" + maxLots);
        }
    }

    /**
     * Sizes in {@code lot}s with means of {@code book} at the bid and the ask and {@code trade} in a
     * trade (all in units, each at least a lot), and at most 20 times the typical book size (or as
     * many lots as stay exact).
     */
    public static SizeModel typical(long lot, long book, long trade) {
        if (lot < 1 || book < lot || trade < lot) {
            throw new IllegalArgumentException("typical sizes must be at least one lot: lot=" + lot + " book=" + book
                    + " trade=" + trade);
        }
        long maxLots = Math.max(1, Math.min(20 * (book / lot), Decimals.MAX_UNITS / lot));
        return new SizeModel(lot, (double) book / lot - 1, (double) trade / lot - 1, maxLots);
    }

    /** A size at the bid or the ask, in units. */
    long book(UniformRandomProvider rng) {
        return draw(rng, bookExtraLots);
    }

    /** A trade's size, in units. */
    long trade(UniformRandomProvider rng) {
        return draw(rng, tradeExtraLots);
    }

    /** The day's volume before the simulated market opened: a few hundred trades' worth, in units (within half the exact range). */
    long opening(UniformRandomProvider rng) {
        double lots = Math.rint((1 + tradeExtraLots) * (5 + rng.nextInt(250)));
        return lot * (long) Math.min(lots, Decimals.MAX_UNITS / 2 / lot);
    }

    private long draw(UniformRandomProvider rng, double meanExtraLots) {
        long extra = (long) (-Math.log(1.0 - rng.nextDouble()) * meanExtraLots);
        return lot * (1 + Math.min(maxLots - 1, extra));
    }
}
