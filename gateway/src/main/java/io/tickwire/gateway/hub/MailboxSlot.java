package io.tickwire.gateway.hub;

/**
 * One client's subscription to one symbol in that client's {@link ConflatingMailbox}: what it
 * has taken in, and a quote it holds back for {@code maxRate}.
 *
 * <p>All fields but the two finals are guarded by the mailbox's lock.
 */
final class MailboxSlot {

    final SymbolChannel channel;
    final ConflatingMailbox mailbox;

    /** A quote held back for {@code maxRate} ({@link #held}), or a snapshot being placed; else {@code null}. */
    EncodedQuote pending;
    /** {@code seq} of the newest quote taken in (live or snapshot), -1 before any: older or equal ones are ignored. */
    long seq = -1;
    /** {@code seq} of the snapshot (or resume) quote placed at registration, -1 if none: it is not timed. */
    long snapshotSeq = -1;
    /** Unsubscribed: nothing more is taken in or sent. */
    boolean closed;
    /** Quotes of this slot waiting in a {@link QuoteRing} to be sent. */
    int queued;
    /** {@code seq} below which this slot's quotes in a {@link QuoteRing} were replaced by a newer one. */
    long liveFrom;
    /** {@code maxRate} as the least time between two sends, in nanoseconds; 0 for unthrottled. */
    long intervalNanos;
    /** When a throttled slot may send again (the mailbox's clock). */
    long dueNanos;
    /** Throttled: {@link #pending} waits for {@link #dueNanos} outside the ready list. */
    boolean held;

    MailboxSlot(SymbolChannel channel, ConflatingMailbox mailbox) {
        this.channel = channel;
        this.mailbox = mailbox;
    }

    /** A live quote from the hub; replaces any pending one. */
    void offer(EncodedQuote q) {
        mailbox.offer(this, q);
    }

    /** Unsubscribed: whatever is pending is never sent. */
    void close() {
        mailbox.remove(this);
    }
}
