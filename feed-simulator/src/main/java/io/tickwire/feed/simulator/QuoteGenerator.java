package io.tickwire.feed.simulator;

import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
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
 * Brownian motion with its own volatility, spent over its {@link Venue}'s trading hours and
 * advanced by the time the schedule says passed since its previous quote ({@code seqDelta / rate}),
 * so the prices depend on the seed and the rate only, never on how punctually the caller runs.
 * Around the mid: a spread of at least one tick, wider for pricier and less active symbols as the
 * venue has it; sizes from the symbol's {@link SizeModel}; on some quotes (as many as the venue
 * trades) a trade at the bid or the ask, adding to the day's volume.
 *
 * <p>Every quote is exact at its instrument's precision: prices are kept in whole ticks and
 * sizes in whole units, and written as the {@code double} nearest to the decimal
 * ({@link Decimals#value}), so {@link Instrument#refusal} passes each one. {@link #next} allocates
 * nothing but the quote. The volume stops growing (the quote still comes) rather than pass
 * {@link Decimals#MAX_UNITS} units, where doubles stop being exact.
 *
 * <p>Not thread-safe: one caller at a time, as in a {@link reactor.core.publisher.Flux}.
 */
public final class QuoteGenerator {

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
        double dtSeconds = (s - st.lastSeq) / ratePerSecond;
        st.lastSeq = s;
        st.step(dtSeconds, gaussian.sample(), rng);
        return new Quote(st.symbol, s, tsMicros,
                st.price(st.bidTicks), st.price(st.askTicks), st.price(st.lastTicks),
                st.size(st.bidSize), st.size(st.askSize), st.size(st.lastSize), st.size(st.volume), st.open);
    }

    /** The {@code seq} of the last quote made, or {@code firstSeq - 1} before the first. */
    public long lastSeq() {
        return seq;
    }

    /** Mutable market state of one symbol: prices in whole ticks, sizes in whole units, so they stay exact. */
    private static final class SymbolState {
        final String symbol;
        final long tickUnits;
        final int priceDecimals;
        final int sizeDecimals;
        /** Variance of the log mid per simulated second. */
        final double variancePerSecond;
        /** Spread as a fraction of price, over the one-tick minimum. */
        final double spreadFraction;
        final double tradeProbability;
        final SizeModel sizes;
        final double open;
        double midTicks;
        long bidTicks;
        long askTicks;
        long lastTicks;
        long bidSize;
        long askSize;
        long lastSize;
        long volume;
        long lastSeq;

        SymbolState(SymbolProfile p, int rank, int universeSize, UniformRandomProvider rng) {
            Instrument instrument = p.instrument();
            this.symbol = instrument.symbol();
            this.tickUnits = instrument.tickUnits();
            this.priceDecimals = instrument.priceDecimals();
            this.sizeDecimals = instrument.sizeDecimals();
            this.variancePerSecond = p.volatility() * p.volatility() / p.venue().secondsPerYear();
            this.spreadFraction = p.venue().spreadFraction(rank, universeSize);
            this.tradeProbability = p.venue().tradeProbability();
            this.sizes = p.sizes();
            long openTicks = Math.max(1, Math.round(p.startPrice() / instrument.tickSize()));
            this.open = price(openTicks);
            this.midTicks = openTicks;
            this.lastTicks = openTicks;
            this.lastSize = sizes.lot();
            // The opening cross: some volume has traded before the first quote of the session.
            this.volume = sizes.opening(rng);
        }

        void step(double dtSeconds, double z, UniformRandomProvider rng) {
            double variance = variancePerSecond * dtSeconds;
            midTicks *= Math.exp(-0.5 * variance + Math.sqrt(variance) * z);
            long spread = 1 + (long) (midTicks * spreadFraction) + (rng.nextInt(5) == 0 ? 1 : 0);
            bidTicks = Math.max(1, (long) Math.floor(midTicks - spread / 2.0));
            askTicks = bidTicks + spread;
            bidSize = sizes.book(rng);
            askSize = sizes.book(rng);
            if (rng.nextDouble() < tradeProbability) {
                long at = rng.nextBoolean() ? bidTicks : askTicks;
                long size = sizes.trade(rng);
                if (size <= Decimals.MAX_UNITS - 1 - volume) {
                    lastTicks = at;
                    lastSize = size;
                    volume += size;
                }
            }
        }

        double price(long ticks) {
            return Decimals.value(ticks * tickUnits, priceDecimals);
        }

        double size(long units) {
            return Decimals.value(units, sizeDecimals);
        }
    }
}
