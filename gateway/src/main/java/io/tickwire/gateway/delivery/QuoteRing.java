package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.EncodedQuote;

/**
 * The quotes waiting for one client, in {@code seq} order; what happens when the client falls
 * behind is its {@link SlowConsumerPolicy}'s to say.
 *
 * <p>A ring of (slot, quote) pairs that grows by doubling up to {@code capacity} live quotes plus
 * {@code placeRoom} for quotes {@link #place placed} by {@code seq} (snapshots, throttled
 * releases: at most one per subscribed symbol), so a subscribe larger than the queue is not
 * taken for a slow reader; a ring grown for a backlog goes back to its first size once drained,
 * so an idle client costs a few hundred bytes whatever it once had waiting. Replaced quotes and
 * those of unsubscribed slots stay in the ring until polled, and are skipped then; a full ring is
 * compacted first. A slot counts its quotes in the ring that are still to be sent
 * ({@link SymbolSlot#queued}); those below {@link SymbolSlot#liveFrom} were replaced. This class
 * is the only writer of those two fields.
 *
 * <p>Not thread-safe: the mailbox's lock guards it.
 */
final class QuoteRing {

    /** {@link #offer} or {@link #place} refused the quote: the bound is reached and the client must go. */
    static final int OVERFLOW = -1;

    /**
     * Small: most connections of a large gateway are idle, a quote or two waiting at most, and a
     * busy client's ring grows once and is kept up to {@link #KEEP}.
     */
    private static final int INITIAL = 4;
    /** A ring grown past this goes back to {@link #INITIAL} once empty: a past backlog is not kept. */
    private static final int KEEP = 64;

    private final SlowConsumerPolicy policy;
    private final int capacity;
    private final int limit;
    private final int initial;
    private final long conflateAfterMicros;
    private SymbolSlot[] slots;
    private EncodedQuote[] quotes;
    private int head;
    private int size;
    private SymbolSlot polled;

    QuoteRing(SlowConsumerPolicy policy, int capacity, int placeRoom, long conflateAfterMicros) {
        this.policy = policy;
        this.capacity = capacity;
        this.limit = capacity + placeRoom;
        this.initial = Math.min(INITIAL, limit);
        this.conflateAfterMicros = conflateAfterMicros;
        this.slots = new SymbolSlot[initial];
        this.quotes = new EncodedQuote[initial];
    }

    static QuoteRing of(DeliverySettings settings) {
        return new QuoteRing(settings.policy(), settings.queueSize(), settings.placeRoom(),
                settings.conflateAfter().toNanos() / 1000);
    }

    /**
     * A live quote for {@code slot}, newer than every quote held; {@code behind} when the client
     * takes nothing now (its socket is full, or it asks for nothing). Returns how many waiting
     * quotes it replaced (conflated), or {@link #OVERFLOW}.
     */
    int offer(SymbolSlot slot, EncodedQuote q, boolean behind) {
        int replaced = policy.admit(this, slot, q, behind);
        if (replaced == OVERFLOW) {
            return OVERFLOW;
        }
        int room = makeRoom();
        if (room == OVERFLOW) {
            return OVERFLOW;
        }
        put(size, slot, q);
        return replaced + room;
    }

    /**
     * A quote that may be older than some held ones (a snapshot, a throttled release): placed by
     * {@code seq}. Returns how many waiting quotes were conflated to make room, or {@link #OVERFLOW}.
     */
    int place(SymbolSlot slot, EncodedQuote q) {
        int replaced = makeRoom();
        if (replaced == OVERFLOW) {
            return OVERFLOW;
        }
        int at = size;
        while (at > 0 && quotes[index(at - 1)].seq() > q.seq()) {
            int from = index(at - 1);
            int to = index(at);
            slots[to] = slots[from];
            quotes[to] = quotes[from];
            at--;
        }
        put(at, slot, q);
        return replaced;
    }

    /** The oldest quote, or {@code null}; its slot is then {@link #polledSlot()}. */
    EncodedQuote poll() {
        dropDeadHead();
        if (size == 0) {
            if (slots.length > KEEP) {
                clear();
            }
            polled = null;
            return null;
        }
        SymbolSlot slot = slots[head];
        EncodedQuote q = quotes[head];
        dropHead();
        slot.queued--;
        polled = slot;
        return q;
    }

    SymbolSlot polledSlot() {
        return polled;
    }

    /** {@code slot} is unsubscribed: none of its quotes may be polled any more. */
    void remove(SymbolSlot slot) {
        // Its quotes are skipped when polled (the slot is closed), and dropped by a compaction.
        slot.queued = 0;
    }

    boolean isEmpty() {
        dropDeadHead();
        return size == 0;
    }

    void clear() {
        slots = new SymbolSlot[initial];
        quotes = new EncodedQuote[initial];
        head = 0;
        size = 0;
    }

    /** Pairs the ring has room for now; for tests. */
    int allocated() {
        return slots.length;
    }

    // ---- for the policies

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** Whether the oldest waiting live quote (not a snapshot: its ts is a price's age) is too old next to {@code q}. */
    boolean waitedTooLong(EncodedQuote q) {
        dropDeadHead();
        if (size == 0) {
            return false;
        }
        EncodedQuote oldest = quotes[head];
        return oldest.seq() != slots[head].snapshotSeq
                && q.quote().ts() - oldest.quote().ts() > conflateAfterMicros;
    }

    /** The quotes of {@code slot} waiting now are replaced by {@code q}, about to join; returns how many. */
    int replace(SymbolSlot slot, EncodedQuote q) {
        int replaced = slot.queued;
        slot.queued = 0;
        slot.liveFrom = q.seq();
        return replaced;
    }

    /** Keeps the newest quote of each slot and drops the rest; returns how many were dropped. */
    int keepNewestPerSymbol() {
        int replaced = 0;
        for (int i = size - 1; i >= 0; i--) {
            SymbolSlot slot = slots[index(i)];
            EncodedQuote q = quotes[index(i)];
            if (live(slot, q)) {
                replaced += slot.queued - 1;
                slot.queued = 1;
                slot.liveFrom = q.seq();
            }
        }
        compact();
        return replaced;
    }

    /** Drops replaced and unsubscribed quotes, keeping the order of the rest. */
    void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            SymbolSlot slot = slots[index(i)];
            EncodedQuote q = quotes[index(i)];
            if (live(slot, q)) {
                int to = index(kept++);
                slots[to] = slot;
                quotes[to] = q;
            }
        }
        for (int i = kept; i < size; i++) {
            slots[index(i)] = null;
            quotes[index(i)] = null;
        }
        size = kept;
    }

    // ---- the ring itself

    /** Drops replaced and unsubscribed quotes at the head, so the head is live or the ring empty. */
    private void dropDeadHead() {
        while (size > 0 && !live(slots[head], quotes[head])) {
            dropHead();
        }
    }

    private void dropHead() {
        slots[head] = null;
        quotes[head] = null;
        head = index(1);
        size--;
    }

    /**
     * Makes room for one more quote: drops what is no longer live, or grows, or asks the policy
     * (returning how many it conflated, or {@link #OVERFLOW}).
     */
    private int makeRoom() {
        if (size < slots.length) {
            return 0;
        }
        // Replaced quotes first: a lagging client's ring does not grow for quotes nobody will get.
        compact();
        if (size < slots.length - slots.length / 4) {
            return 0;
        }
        if (slots.length < limit) {
            resize(Math.min(limit, slots.length * 2));
            return 0;
        }
        if (size < slots.length) {
            return 0;
        }
        return policy.full(this);
    }

    private void resize(int length) {
        SymbolSlot[] s = new SymbolSlot[length];
        EncodedQuote[] q = new EncodedQuote[length];
        for (int i = 0; i < size; i++) {
            s[i] = slots[index(i)];
            q[i] = quotes[index(i)];
        }
        slots = s;
        quotes = q;
        head = 0;
    }

    private void put(int at, SymbolSlot slot, EncodedQuote q) {
        int i = index(at);
        slots[i] = slot;
        quotes[i] = q;
        size++;
        slot.queued++;
    }

    private static boolean live(SymbolSlot slot, EncodedQuote q) {
        return !slot.closed && q.seq() >= slot.liveFrom;
    }

    private int index(int offset) {
        int i = head + offset;
        return i >= slots.length ? i - slots.length : i;
    }
}
