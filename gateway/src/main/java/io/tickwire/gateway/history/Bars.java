package io.tickwire.gateway.history;

/**
 * A copy of one symbol's bars at one interval, oldest first, for one answer: prices as the quotes
 * carried them, volumes in the instrument's quantity (shares, contracts, coins).
 */
public final class Bars {

    private final BarInterval interval;
    private final long from;
    private final int size;
    private final long[] numbers;
    private final double[] values;

    Bars(BarInterval interval, long from, int size, long[] numbers, double[] values) {
        this.interval = interval;
        this.from = from;
        this.size = size;
        this.numbers = numbers;
        this.values = values;
    }

    static Bars none(BarInterval interval, long from) {
        return new Bars(interval, from, 0, new long[0], new double[0]);
    }

    public BarInterval interval() {
        return interval;
    }

    /** Epoch ms: the start of the oldest interval whose bar this node has whole; no bar starts before. */
    public long from() {
        return from;
    }

    public int size() {
        return size;
    }

    /** The {@code i}th bar's start, epoch ms, a multiple of the interval. */
    public long start(int i) {
        return interval.startMillis(numbers[i]);
    }

    public double open(int i) {
        return value(i, 0);
    }

    public double high(int i) {
        return value(i, 1);
    }

    public double low(int i) {
        return value(i, 2);
    }

    public double close(int i) {
        return value(i, 3);
    }

    /** The quantity traded in the bar. */
    public double volume(int i) {
        return value(i, 4);
    }

    private double value(int i, int field) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i * BarRing.FIELDS + field];
    }
}
