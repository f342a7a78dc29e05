package io.tickwire.gateway.hub;

/**
 * The quotes waiting for one client, in {@code seq} order, under either {@link SlowConsumerPolicy}.
 *
 * <p>{@link #conflating CONFLATE}: every quote while the client keeps up; the newest quote of
 * each symbol once it is behind. A client is <em>behind</em> when the mailbox says so (its socket
 * is past the high-water mark, or it asks for nothing), when the oldest quote waiting for it is
 * more than {@code conflateAfter} older than the one arriving, or when {@code capacity} quotes
 * wait. A quote offered to a client that is behind replaces the waiting quotes of its symbol:
 * they are counted as conflated and never sent, and it joins the tail, so the order stays by
 * {@code seq}. A client that keeps up thus gets every quote, several per frame when the gateway
 * is busy, and a client that does not gets the newest price of each symbol, with what waits for
 * it bounded by its symbols.
 *
 * <p>{@link #bounded DISCONNECT}: every quote, up to {@code capacity} live ones; the next is
 * refused as an {@link #OVERFLOW} and the client must go.
 *
 * <p>Either way, quotes {@link #place placed} (snapshots, throttled releases: at most one per
 * subscribed symbol) get room beyond {@code capacity}, so a subscribe larger than the queue is
 * not taken for a slow reader. A ring of (slot, quote) pairs that grows by doubling up to that
 * limit, and a ring grown for a backlog goes back to its first size once drained, so an idle
 * client costs a few hundred bytes whatever it once had waiting. Replaced quotes and those of
 * unsubscribed slots stay in the ring until they are polled, and are skipped then; a full ring
 * is compacted first. A slot counts its quotes in the ring that are still to be sent
 * ({@link MailboxSlot#queued}); those below {@link MailboxSlot#liveFrom} were replaced.
 */
final class QuoteRing implements PendingQuotes {

    private static final int INITIAL = 16;
    /** A ring grown past this goes back to {@link #INITIAL} once empty: a past backlog is not kept. */
    private static final int KEEP = 64;

    private final boolean conflate;
    private final int capacity;
    private final int limit;
    private final int initial;
    private final long conflateAfterMicros;
    private MailboxSlot[] slots;
    private EncodedQuote[] quotes;
    private int head;
    private int size;
    private MailboxSlot polled;

    private QuoteRing(boolean conflate, int capacity, int placeRoom, long conflateAfterMicros) {
        this.conflate = conflate;
        this.capacity = capacity;
        this.limit = capacity + placeRoom;
        this.initial = Math.min(INITIAL, limit);
        this.conflateAfterMicros = conflateAfterMicros;
        this.slots = new MailboxSlot[initial];
        this.quotes = new EncodedQuote[initial];
    }

    /**
     * {@link SlowConsumerPolicy#CONFLATE}.
     *
     * @param capacity            quotes that may wait before the client counts as behind
     * @param maxSymbols          symbols a client may hold: room beyond {@code capacity}
     * @param conflateAfterMicros a client whose oldest waiting quote is this much older than the
     *                            arriving one is behind
     */
    static QuoteRing conflating(int capacity, int maxSymbols, long conflateAfterMicros) {
        return new QuoteRing(true, capacity, maxSymbols, conflateAfterMicros);
    }

    /**
     * {@link SlowConsumerPolicy#DISCONNECT}: {@code capacity} live quotes, and {@code placeRoom}
     * more for placed ones.
     */
    static QuoteRing bounded(int capacity, int placeRoom) {
        return new QuoteRing(false, capacity, placeRoom, Long.MAX_VALUE);
    }

    @Override
    public int offer(MailboxSlot slot, EncodedQuote q, boolean behind) {
        int replaced = 0;
        if (!conflate) {
            if (size >= capacity) {
                compact();
                if (size >= capacity) {
                    return OVERFLOW;
                }
            }
        }
        else if (behind || size >= capacity || waitedTooLong(q)) {
            replaced = replace(slot, q);
        }
        replaced += makeRoom();
        put(size, slot, q);
        return replaced;
    }

    @Override
    public int place(MailboxSlot slot, EncodedQuote q) {
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

    @Override
    public EncodedQuote poll() {
        dropDeadHead();
        if (size == 0) {
            if (slots.length > KEEP) {
                clear();
            }
            polled = null;
            return null;
        }
        MailboxSlot slot = slots[head];
        EncodedQuote q = quotes[head];
        dropHead();
        slot.queued--;
        polled = slot;
        return q;
    }

    @Override
    public MailboxSlot polledSlot() {
        return polled;
    }

    @Override
    public void remove(MailboxSlot slot) {
        // Its quotes are skipped when polled (the slot is closed), and dropped by a compaction.
        slot.queued = 0;
    }

    @Override
    public boolean isEmpty() {
        dropDeadHead();
        return size == 0;
    }

    @Override
    public void clear() {
        slots = new MailboxSlot[initial];
        quotes = new EncodedQuote[initial];
        head = 0;
        size = 0;
    }

    /** Pairs the ring has room for now; for tests. */
    int allocated() {
        return slots.length;
    }

    /** Whether the oldest waiting live quote (not a snapshot: its ts is a price's age) is too old next to {@code q}. */
    private boolean waitedTooLong(EncodedQuote q) {
        dropDeadHead();
        if (size == 0) {
            return false;
        }
        EncodedQuote oldest = quotes[head];
        return oldest.seq() != slots[head].snapshotSeq
                && q.quote().ts() - oldest.quote().ts() > conflateAfterMicros;
    }

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

    /** The quotes of {@code slot} waiting now are replaced by {@code q}; returns how many. */
    private static int replace(MailboxSlot slot, EncodedQuote q) {
        int replaced = slot.queued;
        slot.queued = 0;
        slot.liveFrom = q.seq();
        return replaced;
    }

    /**
     * Makes room for one more quote: drops what is no longer live, or grows, or conflates all
     * (returning how many it replaced); {@link #OVERFLOW} when bounded and full.
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
        if (!conflate) {
            return OVERFLOW;
        }
        // Every quote is live: keep the newest of each symbol. At most one per slot is left, so at least capacity are free.
        int replaced = 0;
        for (int i = size - 1; i >= 0; i--) {
            MailboxSlot slot = slots[index(i)];
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
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            MailboxSlot slot = slots[index(i)];
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

    private void resize(int length) {
        MailboxSlot[] s = new MailboxSlot[length];
        EncodedQuote[] q = new EncodedQuote[length];
        for (int i = 0; i < size; i++) {
            s[i] = slots[index(i)];
            q[i] = quotes[index(i)];
        }
        slots = s;
        quotes = q;
        head = 0;
    }

    private void put(int at, MailboxSlot slot, EncodedQuote q) {
        int i = index(at);
        slots[i] = slot;
        quotes[i] = q;
        size++;
        slot.queued++;
    }

    private static boolean live(MailboxSlot slot, EncodedQuote q) {
        return !slot.closed && q.seq() >= slot.liveFrom;
    }

    private int index(int offset) {
        int i = head + offset;
        return i >= slots.length ? i - slots.length : i;
    }
}
