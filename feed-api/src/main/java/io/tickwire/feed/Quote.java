package io.tickwire.feed;

/**
 * A level-1 quote as the wire contract defines it (PROTOCOL.md §1).
 *
 * <p>Quotes are state, not events: a newer quote of a symbol replaces the older one, which is
 * what lets the gateway conflate for a slow client. (It is a {@link FeedEvent} only as the
 * feed's stream goes.) The constructor enforces the invariants every consumer relies on, so a
 * malformed quote from any source (the simulator, a publisher through Redis) fails where it is
 * made rather than on a client's screen.
 *
 * @param symbol   upper-case ticker, {@code [A-Z0-9.-]{1,12}}
 * @param seq      feed-wide sequence number, strictly increasing, below {@link #MAX_SEQ}; the resume cursor
 * @param ts       when the feed produced the quote, epoch microseconds
 * @param bid      best bid, on the 0.01 tick, {@code > 0}
 * @param ask      best ask, on the 0.01 tick, {@code > bid}
 * @param last     last trade price, on the 0.01 tick
 * @param bidSize  shares at the bid, {@code > 0}
 * @param askSize  shares at the ask, {@code > 0}
 * @param lastSize shares in the last trade, {@code > 0}
 * @param volume   cumulative shares traded today, non-decreasing per symbol
 * @param open     the day's opening price
 */
public record Quote(String symbol, long seq, long ts,
                    double bid, double ask, double last,
                    long bidSize, long askSize, long lastSize,
                    long volume, double open) implements FeedEvent {

    /** The price increment every symbol trades in. */
    public static final double TICK = 0.01;
    /** The highest {@code seq}: 2^53 - 1, the last integer a JavaScript number holds exactly. */
    public static final long MAX_SEQ = (1L << 53) - 1;

    public Quote {
        if (!Symbols.isValid(symbol)) {
            throw new IllegalArgumentException("invalid symbol: " + symbol);
        }
        if (seq < 0 || seq > MAX_SEQ || ts <= 0) {
            throw new IllegalArgumentException("seq must be in 0..2^53-1 and ts > 0: " + seq + ", " + ts);
        }
        if (!(bid > 0 && ask > bid && last > 0 && open > 0)) {
            throw new IllegalArgumentException("prices must be positive with bid < ask: " + symbol
                    + " bid=" + bid + " ask=" + ask + " last=" + last + " open=" + open);
        }
        if (bidSize <= 0 || askSize <= 0 || lastSize <= 0 || volume < 0) {
            throw new IllegalArgumentException("sizes must be > 0 and volume >= 0: " + symbol);
        }
    }
}
