package io.tickwire.gateway.hub;

/**
 * The quotes a mailbox holds for sending, in {@code seq} order: how it behaves when the client
 * falls behind is the {@link SlowConsumerPolicy}. Not thread-safe: the mailbox's lock guards it.
 */
interface PendingQuotes {

    /** {@link #offer} or {@link #place} refused the quote: the bound is reached and the client must go. */
    int OVERFLOW = -1;

    static PendingQuotes of(HubSettings settings) {
        return settings.slowConsumerPolicy() == SlowConsumerPolicy.CONFLATE
                ? QuoteRing.conflating(settings.queueSize(), settings.maxSymbolsPerConnection(),
                        settings.conflateAfter().toNanos() / 1000)
                : QuoteRing.bounded(settings.queueSize(), settings.maxSymbolsPerConnection());
    }

    /**
     * A live quote for {@code slot}, newer than every quote held; {@code behind} when the client
     * does not take more now (its socket is full, or it asks for nothing). Returns how many
     * waiting quotes it replaced (conflated), or {@link #OVERFLOW}.
     */
    int offer(MailboxSlot slot, EncodedQuote q, boolean behind);

    /**
     * A quote that may be older than some held ones (a snapshot, a throttled release): placed by
     * {@code seq}. Returns how many waiting quotes were conflated to make room, or {@link #OVERFLOW}.
     */
    int place(MailboxSlot slot, EncodedQuote q);

    /** The oldest quote, or {@code null}; its slot is then {@link #polledSlot()}. */
    EncodedQuote poll();

    MailboxSlot polledSlot();

    /** {@code slot} is unsubscribed: none of its quotes may be polled any more. */
    void remove(MailboxSlot slot);

    boolean isEmpty();

    void clear();
}
