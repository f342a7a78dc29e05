package io.tickwire.feed;

/**
 * A level-1 quote as the wire contract defines it (PROTOCOL.md §1).
 *
 * <p>Quotes are state, not events: a newer quote of a symbol replaces the older one, which is
 * what lets the gateway conflate for a slow client. (It is a {@link FeedEvent} only as the
 * feed's stream goes.) The constructor enforces the invariants every consumer relies on, so a
 * malformed quote from any source (the simulator, a publisher through Redis or HTTP) fails where
 * it is made rather than on a client's screen. Precision belongs to the symbol's
 * {@link Instrument}: {@link Instrument#refusal(Quote)} checks it, and the gateway writes every
 * price and size at it.
 *
 * @param symbol   {@link Symbols#PATTERN}
 * @param seq      feed-wide sequence number, strictly increasing, below {@link #MAX_SEQ}; the resume cursor
 * @param ts       when the feed produced the quote, epoch microseconds
 * @param bid      best bid, on the instrument's tick, {@code > 0}
 * @param ask      best ask, on the instrument's tick, {@code > bid}
 * @param last     last trade price, on the instrument's tick, {@code > 0}
 * @param bidSize  quantity at the bid, {@code > 0}, at the instrument's size precision
 * @param askSize  quantity at the ask, {@code > 0}
 * @param lastSize quantity of the last trade, {@code > 0}
 * @param volume   cumulative quantity traded today, {@code >= 0}, non-decreasing per symbol
 * @param open     the day's opening price, {@code > 0}
 */
public record Quote(String symbol, long seq, long ts,
                    double bid, double ask, double last,
                    double bidSize, double askSize, double lastSize,
                    double volume, double open) implements FeedEvent {

    /** The highest {@code seq}: 2^53 - 1, the last integer a JavaScript number holds exactly. */
    public static final long MAX_SEQ = (1L << 53) - 1;

    public Quote {
        if (!Symbols.isValid(symbol)) {
            throw new IllegalArgumentException("invalid symbol: symbols are " + Symbols.PATTERN);
        }
        if (seq < 0 || seq > MAX_SEQ || ts <= 0) {
            throw new IllegalArgumentException("seq must be in 0..2^53-1 and ts > 0: " + seq + ", " + ts);
        }
        if (!(bid > 0 && ask > bid && last > 0 && open > 0) || Double.isInfinite(ask) || Double.isInfinite(last)
                || Double.isInfinite(open)) {
            throw new IllegalArgumentException("prices must be positive and finite with bid < ask: " + symbol
                    + " bid=" + Decimals.text(bid) + " ask=" + Decimals.text(ask));
        }
        if (!(bidSize > 0 && askSize > 0 && lastSize > 0 && volume >= 0) || Double.isInfinite(bidSize)
                || Double.isInfinite(askSize) || Double.isInfinite(lastSize) || Double.isInfinite(volume)) {
            throw new IllegalArgumentException("sizes must be finite, > 0, and volume >= 0: " + symbol);
        }
    }

    /** This quote under another {@code seq}: what a feed that stamps seqs does to a quote it is handed. */
    public Quote withSeq(long newSeq) {
        return new Quote(symbol, newSeq, ts, bid, ask, last, bidSize, askSize, lastSize, volume, open);
    }
}
