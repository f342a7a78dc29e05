package io.tickwire.gateway.history;

/**
 * One symbol's bars at every interval, and the cumulative volume they count increases from.
 * Its lock is taken by the feed's thread for each of the symbol's quotes and by a reader for one
 * copy: uncontended but for the moment a chart asks for this very symbol.
 */
final class SymbolBars {

    private final BarRing seconds;
    private final BarRing minutes;
    /** The cumulative volume of the symbol's latest quote; -1 before the first. */
    private double volume = -1;

    SymbolBars(HistorySettings settings) {
        this.seconds = new BarRing(settings.secondBars());
        this.minutes = new BarRing(settings.minuteBars());
    }

    /**
     * A quote stamped {@code ts} (epoch µs) at {@code last}, with the day's cumulative
     * {@code volume}: the bar's volume grows by the increase over the previous quote's, or by the
     * whole value when it went down (a new day). The first quote the node sees of a symbol has
     * nothing to compare with and adds none.
     */
    synchronized void add(long ts, double last, double cumulative) {
        double increase = volume < 0 ? 0 : cumulative >= volume ? cumulative - volume : cumulative;
        volume = cumulative;
        seconds.add(BarInterval.SECOND.bar(ts), last, increase);
        minutes.add(BarInterval.MINUTE.bar(ts), last, increase);
    }

    /**
     * The newest {@code limit} bars of {@code interval} from the first complete one on: the first
     * interval starting at or after {@code since} (epoch µs), or the oldest the window keeps,
     * whichever is later.
     */
    Bars read(BarInterval interval, long since, int limit) {
        long[] numbers = new long[limit];
        double[] values = new double[limit * BarRing.FIELDS];
        BarRing ring = interval == BarInterval.SECOND ? seconds : minutes;
        synchronized (this) {
            long first = Math.max(interval.barAtOrAfter(since), ring.oldestKept());
            int n = ring.read(first, limit, numbers, values);
            return new Bars(interval, interval.startMillis(first), n, numbers, values);
        }
    }
}
