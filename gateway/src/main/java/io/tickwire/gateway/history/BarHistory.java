package io.tickwire.gateway.history;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.QuoteListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent 1-second and 1-minute OHLC + volume bars of every symbol, built from each quote the
 * hub accepts, for {@code GET /api/bars}.
 *
 * <p>A bar's interval comes from the quote's {@code ts}, never this node's clock, and a quote
 * stamped before its symbol's newest bar is folded into that bar: every node that reads the same
 * stream builds the same bars. What a node missed before it joined (or while it had lost its
 * place) it says with {@link Bars#from()}: the first interval starting after both the moment it
 * started following the feed and the newest quote of the snapshot it joined from.
 *
 * <p>Memory is bounded: a symbol's arrays are allocated on its first quote, at the sizes of
 * {@link HistorySettings}, and never grow: {@code 40 × (secondBars + minuteBars) + 256} bytes per
 * symbol that has quoted ({@link HistorySettings#bytesPerSymbol()}). On the feed's thread a quote
 * costs a map lookup and a dozen array writes under its symbol's lock, without allocating; readers
 * copy under the same lock and encode outside it.
 */
public final class BarHistory implements QuoteListener {

    private final HistorySettings settings;
    /** Written by the feed's thread only; read from any. */
    private final Map<String, SymbolBars> symbols = new ConcurrentHashMap<>();
    /** Epoch µs: quotes stamped before it may have passed this node by. */
    private volatile long since;

    /** A history of a node that starts following the feed at {@code sinceMicros} (epoch µs). */
    public BarHistory(HistorySettings settings, long sinceMicros) {
        this.settings = settings;
        this.since = sinceMicros;
    }

    @Override
    public void accepted(Quote q) {
        SymbolBars bars = symbols.get(q.symbol());
        if (bars == null) {
            // One writer: no other thread adds a symbol meanwhile.
            bars = new SymbolBars(settings);
            symbols.put(q.symbol(), bars);
        }
        bars.add(q.ts(), q.last(), q.volume());
    }

    @Override
    public void rejoined(long newestTs) {
        since = Math.max(since, newestTs + 1);
    }

    /**
     * The newest {@code limit} (1..the interval's window) whole-or-forming bars of {@code symbol} at
     * {@code interval}, from {@link Bars#from()} on, oldest first; none for a symbol that has not
     * quoted since this node started.
     */
    public Bars bars(String symbol, BarInterval interval, int limit) {
        if (limit < 1 || limit > settings.bars(interval)) {
            throw new IllegalArgumentException("limit must be in 1.." + settings.bars(interval) + ", not " + limit);
        }
        SymbolBars bars = symbols.get(symbol);
        if (bars == null) {
            return Bars.none(interval, interval.startMillis(interval.barAtOrAfter(since)));
        }
        return bars.read(interval, since, limit);
    }

    /** Symbols that have bars: what the memory formula multiplies. */
    public int symbolCount() {
        return symbols.size();
    }

    public HistorySettings settings() {
        return settings;
    }
}
