package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.EncodedQuote;

/**
 * One client's subscription to one symbol, in that client's {@link Mailbox}: the hub's fan-out
 * {@link #offer offers} it each quote of the symbol.
 *
 * <p>Its state is guarded by the mailbox's lock and comes in three groups, each written by one
 * class only: what the mailbox has taken in ({@link Mailbox}), what waits in the ring
 * ({@link QuoteRing}), and the {@code maxRate} schedule ({@link Throttle}).
 */
public final class SymbolSlot {

    final Mailbox mailbox;

    // Written by the Mailbox and its SubscribeBarrier.
    /**
     * {@code seq} of the newest quote taken in (live or snapshot), or the floor it started from (a
     * resume cursor, else -1): older or equal ones are ignored.
     */
    long seq = -1;
    /** {@code seq} of the snapshot (or resume) quote placed at registration, -1 if none: it is not timed. */
    long snapshotSeq = -1;
    /** Unsubscribed: nothing more is taken in or sent. */
    boolean closed;

    // Written by the QuoteRing.
    /** Quotes of this slot waiting in the ring to be sent. */
    int queued;
    /** {@code seq} below which this slot's quotes in the ring were replaced by a newer one. */
    long liveFrom;

    // Written by the Throttle.
    /** {@code maxRate} as the least time between two sends, in nanoseconds; 0 for unthrottled. */
    long intervalNanos;
    /** When a throttled slot may send again (the delivery clock). */
    long dueNanos;
    /** The newest quote, held back until {@link #dueNanos}; {@code null} when none is held. */
    EncodedQuote held;

    SymbolSlot(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /** A live quote from the hub; see {@link Mailbox}. Never blocks beyond the mailbox's lock. */
    public void offer(EncodedQuote q) {
        mailbox.offer(this, q);
    }
}
