package io.tickwire.gateway.hub;

/**
 * The quotes a mailbox holds for sending, in {@code seq} order: how it behaves when the client
 * falls behind is the {@link SlowConsumerPolicy}. Not thread-safe: the mailbox's lock guards it.
 */
interface PendingQuotes {

    /** {@link #offer} took the quote in. */
    int ADDED = 0;
    /** {@link #offer} took the quote in, replacing the pending quote of its symbol (conflated). */
    int REPLACED = 1;
    /** {@link #offer} refused the quote: the bound is reached and the client must go. */
    int OVERFLOW = 2;

    static PendingQuotes of(HubSettings settings) {
        return settings.slowConsumerPolicy() == SlowConsumerPolicy.CONFLATE ? new Conflating()
                : new BoundedQuoteQueue(settings.queueSize(), settings.maxSymbolsPerConnection());
    }

    /** A live quote for {@code slot}, newer than every quote held. */
    int offer(MailboxSlot slot, EncodedQuote q);

    /**
     * A quote that may be older than some held ones (a snapshot, a throttled release): placed by
     * {@code seq}. Returns {@link #ADDED} or {@link #OVERFLOW}.
     */
    int place(MailboxSlot slot, EncodedQuote q);

    /** The oldest quote, or {@code null}; its slot is then {@link #polledSlot()}. */
    EncodedQuote poll();

    MailboxSlot polledSlot();

    /** {@code slot} is unsubscribed: none of its quotes may be polled any more. */
    void remove(MailboxSlot slot);

    boolean isEmpty();

    void clear();

    /** At most one quote per slot, in the slot itself; a newer quote replaces it and moves to the tail. */
    final class Conflating implements PendingQuotes {

        private final ReadyList ready = new ReadyList();
        private MailboxSlot polled;

        @Override
        public int offer(MailboxSlot slot, EncodedQuote q) {
            boolean replaced = slot.pending != null;
            if (replaced) {
                ready.remove(slot);
            }
            slot.pending = q;
            ready.append(slot);
            return replaced ? REPLACED : ADDED;
        }

        @Override
        public int place(MailboxSlot slot, EncodedQuote q) {
            slot.pending = q;
            ready.insertBySeq(slot);
            return ADDED;
        }

        @Override
        public EncodedQuote poll() {
            MailboxSlot slot = ready.poll();
            polled = slot;
            if (slot == null) {
                return null;
            }
            EncodedQuote q = slot.pending;
            slot.pending = null;
            return q;
        }

        @Override
        public MailboxSlot polledSlot() {
            return polled;
        }

        @Override
        public void remove(MailboxSlot slot) {
            if (slot.pending != null) {
                slot.pending = null;
                ready.remove(slot);
            }
        }

        @Override
        public boolean isEmpty() {
            return ready.isEmpty();
        }

        @Override
        public void clear() {
            ready.clear();
        }
    }
}
