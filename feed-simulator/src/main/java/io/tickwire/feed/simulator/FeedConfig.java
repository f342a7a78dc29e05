package io.tickwire.feed.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link FeedSimulator}.
 *
 * @param universe     the symbols, most active first
 * @param rate         aggregate quotes per second over all symbols
 * @param seed         same seed, same quotes (symbols, prices, sizes; not {@code ts})
 * @param zipfExponent popularity skew over the universe's order: 0 uniform, 1 classic Zipf
 * @param tickInterval how often the pacer wakes up to emit the quotes that fell due
 * @param firstSeq     {@code seq} of the first quote
 */
public record FeedConfig(SymbolUniverse universe, double rate, long seed, double zipfExponent,
                         Duration tickInterval, long firstSeq) {

    public static final double DEFAULT_RATE = 1_000;
    public static final double DEFAULT_ZIPF_EXPONENT = 1.0;
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(1);

    public FeedConfig {
        Objects.requireNonNull(universe, "universe");
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number of quotes/s: " + rate);
        }
        if (!(zipfExponent >= 0)) {
            throw new IllegalArgumentException("zipf exponent must be >= 0: " + zipfExponent);
        }
        if (tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tick interval must be positive: " + tickInterval);
        }
        if (firstSeq < 0) {
            throw new IllegalArgumentException("first seq must be >= 0: " + firstSeq);
        }
    }

    /** The built-in universe at 1,000 quotes/s, classic Zipf skew, seq from 1. */
    public static FeedConfig of(long seed) {
        return new FeedConfig(SymbolUniverse.builtIn(), DEFAULT_RATE, seed, DEFAULT_ZIPF_EXPONENT,
                DEFAULT_TICK_INTERVAL, 1);
    }

    public FeedConfig withUniverse(SymbolUniverse u) {
        return new FeedConfig(u, rate, seed, zipfExponent, tickInterval, firstSeq);
    }

    public FeedConfig withRate(double r) {
        return new FeedConfig(universe, r, seed, zipfExponent, tickInterval, firstSeq);
    }

    public FeedConfig withZipfExponent(double z) {
        return new FeedConfig(universe, rate, seed, z, tickInterval, firstSeq);
    }

    public FeedConfig withTickInterval(Duration d) {
        return new FeedConfig(universe, rate, seed, zipfExponent, d, firstSeq);
    }

    public FeedConfig withFirstSeq(long s) {
        return new FeedConfig(universe, rate, seed, zipfExponent, tickInterval, s);
    }
}
