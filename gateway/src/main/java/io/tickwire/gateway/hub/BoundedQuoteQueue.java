package io.tickwire.gateway.hub;

/**
 * Every quote, in {@code seq} order, up to a fixed number: the {@link SlowConsumerPolicy#DISCONNECT}
 * side of {@link PendingQuotes}. Live quotes may fill {@code capacity}; quotes that are
 * {@link #place placed} (snapshots, throttled releases: at most one per subscribed symbol) also
 * get {@code placeRoom} more, so a subscribe larger than the queue is not taken for a slow reader. A ring of (slot, quote) pairs; quotes of an unsubscribed slot stay
 * in the ring until polled and are skipped then, so unsubscribing costs nothing here.
 */
final class BoundedQuoteQueue implements PendingQuotes {

    private final int capacity;
    private final MailboxSlot[] slots;
    private final EncodedQuote[] quotes;
    private int head;
    private int size;
    private MailboxSlot polled;

    BoundedQuoteQueue(int capacity) {
        this(capacity, 0);
    }

    BoundedQuoteQueue(int capacity, int placeRoom) {
        this.capacity = capacity;
        slots = new MailboxSlot[capacity + placeRoom];
        quotes = new EncodedQuote[capacity + placeRoom];
    }

    @Override
    public int offer(MailboxSlot slot, EncodedQuote q, boolean behind) {
        if (size >= capacity) {
            return OVERFLOW;
        }
        int i = index(size);
        slots[i] = slot;
        quotes[i] = q;
        size++;
        return 0;
    }

    @Override
    public int place(MailboxSlot slot, EncodedQuote q) {
        if (size == slots.length) {
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
        int i = index(at);
        slots[i] = slot;
        quotes[i] = q;
        size++;
        return 0;
    }

    @Override
    public EncodedQuote poll() {
        while (size > 0) {
            MailboxSlot slot = slots[head];
            EncodedQuote q = quotes[head];
            slots[head] = null;
            quotes[head] = null;
            head = index(1);
            size--;
            if (!slot.closed) {
                polled = slot;
                return q;
            }
        }
        polled = null;
        return null;
    }

    @Override
    public MailboxSlot polledSlot() {
        return polled;
    }

    @Override
    public void remove(MailboxSlot slot) {
        // Skipped when polled: see the class comment.
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void clear() {
        while (size > 0) {
            drop();
        }
        head = 0;
    }

    private void drop() {
        slots[head] = null;
        quotes[head] = null;
        head = index(1);
        size--;
    }

    private int index(int offset) {
        int i = head + offset;
        return i >= slots.length ? i - slots.length : i;
    }
}
