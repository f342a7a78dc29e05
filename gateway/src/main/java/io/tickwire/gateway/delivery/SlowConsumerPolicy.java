package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.EncodedQuote;

/**
 * What a client's {@link QuoteRing} does once the client reads more slowly than its quotes
 * arrive ({@code tickwire.client.slow-consumer}). Each constant carries its own rules: the ring
 * asks before a live quote joins, and again when it is at its limit with every quote live.
 */
public enum SlowConsumerPolicy {

    /**
     * A client that keeps up gets every quote; one that lags gets the newest quote of each
     * symbol: a quote for a lagging client replaces the waiting ones of its symbol, so memory
     * stays bounded by its symbols and nobody is disconnected. A client lags while the mailbox
     * says so (socket full, no demand), once {@code queueSize} quotes wait, or once its oldest
     * waiting quote is more than {@code conflateAfter} older than the one arriving.
     */
    CONFLATE {
        @Override
        int admit(QuoteRing ring, SymbolSlot slot, EncodedQuote q, boolean behind) {
            return behind || ring.size() >= ring.capacity() || ring.waitedTooLong(q) ? ring.replace(slot, q) : 0;
        }

        @Override
        int full(QuoteRing ring) {
            return ring.keepNewestPerSymbol();
        }
    },

    /**
     * Every quote is queued, up to {@code queueSize} live ones; the next overflows and the client
     * is disconnected (WebSocket close 4008, SSE stream ended). For clients that must see every
     * quote or none.
     */
    DISCONNECT {
        @Override
        int admit(QuoteRing ring, SymbolSlot slot, EncodedQuote q, boolean behind) {
            if (ring.size() >= ring.capacity()) {
                ring.compact();
                if (ring.size() >= ring.capacity()) {
                    return QuoteRing.OVERFLOW;
                }
            }
            return 0;
        }

        @Override
        int full(QuoteRing ring) {
            return QuoteRing.OVERFLOW;
        }
    };

    /**
     * Before the live quote {@code q} joins {@code ring}; {@code behind} when the client takes
     * nothing now. Returns how many waiting quotes it replaced, or {@link QuoteRing#OVERFLOW}
     * when the client must go.
     */
    abstract int admit(QuoteRing ring, SymbolSlot slot, EncodedQuote q, boolean behind);

    /**
     * The ring is at its limit and every quote in it is live: returns how many were conflated to
     * make room, or {@link QuoteRing#OVERFLOW}.
     */
    abstract int full(QuoteRing ring);
}
