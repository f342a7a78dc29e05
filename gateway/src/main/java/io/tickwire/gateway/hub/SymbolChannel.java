package io.tickwire.gateway.hub;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.delivery.SymbolSlot;
import io.tickwire.gateway.wire.EncodedQuote;
import java.util.Arrays;

/**
 * The hub's state for one symbol: its instrument (what its quotes are checked and written at),
 * its latest quote (the snapshot) and the slots of the clients subscribed to it.
 *
 * <p>Fan-out reads a copy-on-write array, so publishing never locks; subscribing and
 * unsubscribing copy it under this channel's lock.
 */
final class SymbolChannel {

    private static final SymbolSlot[] NONE = new SymbolSlot[0];

    private final String symbol;
    private volatile Instrument instrument;
    private volatile EncodedQuote latest;
    private volatile SymbolSlot[] slots = NONE;

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
     * or the other.
     */
    void publish(EncodedQuote q) {
        latest = q;
        for (SymbolSlot slot : slots) {
            slot.offer(q);
        }
    }

    synchronized void add(SymbolSlot slot) {
        SymbolSlot[] a = slots;
        SymbolSlot[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = slot;
        slots = b;
    }

    synchronized void remove(SymbolSlot slot) {
        SymbolSlot[] a = slots;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == slot) {
                SymbolSlot[] b = new SymbolSlot[a.length - 1];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                slots = b.length == 0 ? NONE : b;
                return;
            }
        }
    }
}
