package io.tickwire.gateway.hub;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.delivery.SymbolSlot;
import io.tickwire.gateway.wire.EncodedQuote;

/**
 * The hub's state for one symbol: its instrument (what its quotes are checked and written at),
 * its latest quote (the snapshot) and the slots of the clients subscribed to it, grouped by the
 * event loop their connections drain on ({@link FanOut}).
 *
 * <p>Fan-out reads a copy-on-write structure, so publishing never locks; subscribing and
 * unsubscribing copy it under this channel's lock.
 */
final class SymbolChannel {

    private final String symbol;
    private volatile Instrument instrument;
    private volatile EncodedQuote latest;
    private volatile FanOut fanOut = FanOut.NONE;

    SymbolChannel(Instrument instrument) {
        this.symbol = instrument.symbol();
        this.instrument = instrument;
    }

    String symbol() {
        return symbol;
    }

    Instrument instrument() {
        return instrument;
    }

    /** A new name or precision, defined by the feed: quotes from now on are read at it. */
    void redefine(Instrument changed) {
        instrument = changed;
    }

    EncodedQuote latest() {
        return latest;
    }

    /**
     * Makes {@code q} the snapshot, then offers it to every subscriber. The order matters: a
     * subscriber registers, then reads the snapshot; between the two it sees the quote one way
     * or the other (here, or in the slot once its event loop has offered it).
     */
    void publish(EncodedQuote q) {
        latest = q;
        fanOut.offer(q);
    }

    synchronized void add(SymbolSlot slot) {
        fanOut = fanOut.with(slot);
    }

    synchronized void remove(SymbolSlot slot) {
        fanOut = fanOut.without(slot);
    }
}
