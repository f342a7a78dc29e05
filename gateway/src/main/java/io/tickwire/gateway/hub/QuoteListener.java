package io.tickwire.gateway.hub;

import io.tickwire.feed.Quote;

/**
 * Something beside the fan-out that is told of every quote the hub accepts (the chart history).
 * The hub knows it only by this interface: whoever implements it depends on the hub, never the
 * other way round.
 *
 * <p>Called on the feed's thread, after the quote's fan-out, in the order the hub accepted the
 * quotes: an implementation must be quick, must not block, and must not throw.
 */
public interface QuoteListener {

    /** Told nothing. */
    QuoteListener NONE = q -> {
    };

    /**
     * A quote the hub accepted (a known symbol, a {@code seq} newer than the symbol's latest, at
     * its instrument's precision).
     */
    void accepted(Quote quote);

    /**
     * The feed joined, or joined again after losing its place, from a snapshot whose newest quote
     * was stamped {@code newestTs} (epoch µs): quotes stamped up to then may have been missed.
     * Called before the snapshot's quotes are offered as {@link #accepted} ones.
     */
    default void rejoined(long newestTs) {
    }
}
