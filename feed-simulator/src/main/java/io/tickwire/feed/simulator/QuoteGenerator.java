package io.tickwire.feed.simulator;

import io.tickwire.feed.Quote;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Makes the quote sequence of a simulated market, one quote per call, deterministically.
 *
 * <p>Which symbol ticks next is drawn from a Zipf distribution over the universe's order (the
 * first symbols tick far more often than the tail). Each symbol's mid price follows geometric
 * Brownian motion with its own volatility, advanced by the time the schedule says passed since
 * its previous quote ({@code seqDelta / rate}), so the prices depend on the seed and the rate
 * only, never on how punctually the caller runs. Around the mid: a spread of at least one tick,
 * wider for pricier and less active names; sizes in round lots; a trade on about a third of the
 * quotes, at the bid or the ask, adding to the day's volume.
 *
 * <p>Not thread-safe: one caller at a time, as in a {@link reactor.core.publisher.Flux}.
 */
public final class QuoteGenerator {

    /** Trading seconds in a year (252 sessions of 6.5 hours), the unit of the volatilities. */
    static final double SECONDS_PER_YEAR = 252 * 6.5 * 3600;
    static final int ROUND_LOT = 100;
    static final double TICKS_PER_DOLLAR = 100.0;
    static final double TRADE_PROBABILITY = 0.3;

    private final SymbolState[] states;
    private final double ratePerSecond;
    private final UniformRandomProvider rng;
    private final SharedStateDiscreteSampler popularity;
    private final NormalizedGaussianSampler gaussian;
    private long seq;

    /**
     * @param profiles      the universe, most active first
     * @param ratePerSecond the feed's aggregate rate; sets how much time passes between quotes
     * @param zipfExponent  skew of popularity: 0 is uniform, 1 is classic Zipf
     * @param seed          same seed, same quotes
     * @param firstSeq      the {@code seq} of the first quote
     */
    public QuoteGenerator(List<SymbolProfile> profiles, double ratePerSecond, double zipfExponent,
                          long seed, long firstSeq) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
        }
        if (!(zipfExponent >= 0)) {
            throw new IllegalArgumentException("zipf exponent must be >= 0: " + zipfExponent);
        }
        this.ratePerSecond = ratePerSecond;
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        this.popularity = RejectionInversionZipfSampler.of(rng, profiles.size(), zipfExponent);
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        this.seq = firstSeq - 1;
        this.states = new SymbolState[profiles.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new SymbolState(profiles.get(i), i, states.length, rng);
            // The market opens at the first seq: a symbol's first quote moves its price by the time since then, not since seq 0.
            states[i].lastSeq = firstSeq - 1;
        }
    }

    /** The next quote, stamped with {@code tsMicros}. */
    public Quote next(long tsMicros) {
        long s = ++seq;
        SymbolState st = states[popularity.sample() - 1];
        double dtYears = (s - st.lastSeq) / ratePerSecond / SECONDS_PER_YEAR;
        st.lastSeq = s;
        st.step(dtYears, gaussian.sample(), rng);
        return new Quote(st.symbol, s, tsMicros,
                price(st.bidTicks), price(st.askTicks), price(st.lastTicks),
                st.bidSize, st.askSize, st.lastSize, st.volume, price(st.openTicks));
    }

    /** Dividing (not multiplying by 0.01) gives the double nearest to the decimal price. */
    private static double price(long ticks) {
        return ticks / TICKS_PER_DOLLAR;
    }

    /** The {@code seq} of the last quote made, or {@code firstSeq - 1} before the first. */
    public long lastSeq() {
        return seq;
    }

    /** Mutable market state of one symbol; prices are kept in whole ticks so they stay on ticks. */
    private static final class SymbolState {
        final String symbol;
        final double sigma;
        /** Spread as a fraction of price, over the one-tick minimum: 0.2 bp for the most active, 5 bp for the least. */
        final double spreadFraction;
        final long openTicks;
        double mid;
        long bidTicks;
        long askTicks;
        long lastTicks;
        long bidSize;
        long askSize;
        long lastSize;
        long volume;
        long lastSeq;

        SymbolState(SymbolProfile p, int rank, int universeSize, UniformRandomProvider rng) {
            this.symbol = p.symbol();
            this.sigma = p.volatility();
            this.spreadFraction = (0.2 + 4.8 * rank / Math.max(1, universeSize - 1)) * 1e-4;
            this.openTicks = Math.max(1, Math.round(p.startPrice() * TICKS_PER_DOLLAR));
            this.mid = price(openTicks);
            this.lastTicks = openTicks;
            this.lastSize = ROUND_LOT;
            // The opening cross: some volume has traded before the first quote of the session.
            this.volume = (long) ROUND_LOT * (10 + rng.nextInt(500));
        }

        void step(double dtYears, double z, UniformRandomProvider rng) {
            mid *= Math.exp(-0.5 * sigma * sigma * dtYears + sigma * Math.sqrt(dtYears) * z);
            double center = mid * TICKS_PER_DOLLAR;
            long spread = 1 + (long) (center * spreadFraction) + (rng.nextInt(5) == 0 ? 1 : 0);
            long bid = (long) Math.floor(center - spread / 2.0);
            bidTicks = Math.max(1, bid);
            askTicks = bidTicks + spread;
            bidSize = lots(rng, 5.0);
            askSize = lots(rng, 5.0);
            if (rng.nextDouble() < TRADE_PROBABILITY) {
                lastTicks = rng.nextBoolean() ? bidTicks : askTicks;
                lastSize = lots(rng, 2.0);
                volume += lastSize;
            }
        }

        /** A size in round lots: 1 lot plus an exponential number with the given mean, capped at 100. */
        private static long lots(UniformRandomProvider rng, double meanExtraLots) {
            long extra = (long) (-Math.log(1.0 - rng.nextDouble()) * meanExtraLots);
            return ROUND_LOT * (1 + Math.min(99, extra));
        }
    }
}
